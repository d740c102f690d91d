// Package report computes the statistics section of the annual report on
// disclosure (信息公开工作年度报告) for an academic year (Y-09-01 to
// (Y+1)-08-31, the period the MoE asks universities to report on by 31
// October) or a calendar year, and writes it as a printable HTML page,
// Markdown, JSON or a Word document.
//
// Every proactive-disclosure figure is a count of the search engine, taken
// as the public would search (search.Public) with the period as the date
// range (From/To) and facet counts for category, department and checklist
// item, so each equals what the search page counts with the same filters;
// each figure carries that search's URL. The request figures come from the
// request desk's tables and timelines (records/desk); a period the desk
// recorded nothing for says so (NoRequestData) rather than printing zeros.
// The counts of complaints, reconsiderations and lawsuits and the narrative
// parts (概述, 主要问题和改进措施) are entered by staff and kept with the
// period in the records database, every change audited (target
// report:<period>).
//
// The JSON form (Schema "xxgk-annual-report/1") is read by other tools; its
// fields are documented in docs/report.md and only ever added to.
package report
