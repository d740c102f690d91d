// Package checklist is the Ministry of Education's checklist of what a
// university must disclose proactively (《高等学校信息公开事项清单》,
// 教办函〔2014〕23号): 10 categories and 50 items, shipped as an editable
// data file (checklist.json, generated from the shared facts by go generate
// and embedded), which an operator may replace with DATA/checklist.json or
// DATA/checklist.txt.
//
// Every item has a stable code, "CC-PP" (category, position in it: the
// annual report is 01-06), which is what the index, the search filter
// (?checklist=01-06) and the manifest field checklist_item carry. The
// MoE's own running number (第6项) and the name are accepted wherever a code
// is (Resolve); codes never change once published, even when the wording or
// the number of an item is corrected in the data file.
//
// A record is filed under an item explicitly — by its manifest's
// checklist_item or by staff on its page (records.Store.FileChecklist keeps
// these, audited) — or else by the rules shipped with the checklist
// (rules.txt: title keywords and categories to an item), which the index
// applies when it indexes the record. An explicit filing always wins.
package checklist
