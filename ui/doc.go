// Package ui is the archive's web surface: the Chinese search page, the
// document pages, original-file downloads and the JSON API, on one
// gorilla/mux router.
//
// Handlers are straight lines: parse the request, call search or records
// with the request's context, render typed page data into a buffer, write.
// Every failure goes through one error path that maps records error codes to
// HTTP statuses, so a bad query is a 400 with a message in words and an
// unexpected failure is a logged 500 that shows the user nothing internal.
//
// What the public may see is decided by the search package (one visibility
// filter inside the index query); this package only chooses the audience.
package ui
