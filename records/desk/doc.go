// Package desk is the request desk for disclosure on request (依申请公开):
// the requests the public sends, their timeline, the archive records that
// answer them, and their legal deadline in Chinese working days.
//
// A request is registered (by staff, or by the public through the web form),
// assigned, perhaps sent back for 补正, extended, paused while a third party
// is consulted, linked to the records that answer it, answered with an
// outcome (《政府信息公开条例》第三十六条: 予以公开, 部分公开, 不予公开 with its
// reason…), closed, and reopened if need be. Each of these steps is a method
// on Desk taking the acting account; it checks that the step may happen in
// the request's state and writes the change, the timeline event and the
// audit entry (target "request:<number>") in one transaction, so that none
// exists without the others.
//
// The deadline is never stored as the truth: the desk keeps the dated
// events and recomputes the due date with package deadline on the calendar
// of package calendar whenever it is shown. The requests table caches the
// due date for sorting, rewritten on every change.
//
// Answering may release linked 依申请公开 records to the public: their
// visibility becomes public through records.Store.SetVisibility, with the
// request number as the reason, so the change goes through the change feed
// (the index follows) and the records' own audit entries.
//
// The package imports records, records/calendar and records/deadline only.
package desk
