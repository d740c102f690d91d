// Package crawl fetches a department's CMS site into the archive: every
// notice, and every attachment a notice offers, becomes a record through
// the same extraction, metadata and classification as an ingested file
// (indexer.IngestFetched).
//
// # Politeness and safety
//
// A crawl stays on the hosts of its seeds, follows links Options.Depth
// deep, and sends at most Options.Rate requests a second to a host, slower
// when robots.txt asks for a Crawl-delay. robots.txt is honoured (RFC 9309:
// the groups naming xxgk-archive, else "*"; the longest matching Allow or
// Disallow decides, Allow on a tie; a server error closes the site). Every
// request says who it is (DefaultUserAgent), is bounded in time and size,
// and goes only to public addresses: the check runs in the dialer on the
// resolved address, so neither a redirect nor a DNS answer can lead the
// crawler into the archive's own network (Options.AllowPrivate lifts it).
//
// # Changes, not copies
//
// A page's record id derives from its canonical URL, so fetching it again
// updates the same record. A re-crawl sends the ETag and Last-Modified the
// server gave last time; a page answered 304, or whose content hash (of the
// bytes, or of its text without view counters) is unchanged, is left
// alone; a page that changed becomes a new version of its record.
//
// List and index pages (hubs: their text is mostly their links) are
// crawled for their links but not archived.
//
// # Resuming
//
// The frontier and what is known about every URL live in their own SQLite
// file (DATA/crawl.db). Each URL is marked done in the same transaction
// that records its outcome, after its record is stored, so an interrupted
// crawl run again with the same seeds continues where it stopped and
// fetches nothing it had finished. A run whose frontier is empty is
// finished; the next crawl of the same seeds starts over, conditionally.
package crawl
