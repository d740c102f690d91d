// Package query parses the search box language of the archive into a small
// expression tree (Node) that the search package translates into index
// queries. It knows nothing of the index: it does not segment Chinese text
// into words, and it leaves text, phrases and field values as typed.
//
// # Syntax
//
// Terms separated by white space (ASCII or the ideographic space U+3000)
// must all match. A bare run of text is one term however long it is:
//
//	信息公开 年度报告              both terms
//	国家奖学金的评审条件是什么      one term, split into words by the search side
//
// Quotes make a phrase that must occur as written. ASCII "…", full-width
// ＂…＂ and the Chinese “…”, 「…」 and 『…』 all work. Inside quotes a
// backslash escapes a backslash, '"' or the closing quote; any other
// backslash is kept. A quote always ends a bare run, so 关于“双一流”建设 is
// three terms.
//
//	"招生章程"   “招生章程”   「招生章程」   "他说\"好\""
//
// A minus sign (- or －) directly before a term, or the word NOT, excludes
// it; "|" or the word OR offers alternatives; parentheses (ASCII or
// full-width) group. The word AND is accepted and changes nothing.
// Operators must be written in capitals (ＯＲ in full-width letters is
// also fine); a lower-case "or" is ordinary text.
//
//	"招生章程" -艺术类        招生章程 NOT 艺术类
//	奖学金 OR 助学金          奖学金 | 助学金
//	(奖学金 OR 助学金) 评审    （奖学金｜助学金）评审
//
// Precedence, tightest first: minus/NOT, then AND (implicit or written),
// then OR. So
//
//	a b OR c     means  (a b) OR c
//	a OR b c     means  a OR (b c)
//	-a b         means  (NOT a) AND b
//
// A "(" in the middle of a bare run stays part of the text when its ")"
// follows in the same run, so a pasted title such as
// 关于印发《学生管理办法（试行）》的通知 or a document number such as
// 浙教办（2018）12号 is one term; otherwise it opens a group, as in
// 奖学金(本科 OR 研究生).
//
// # Filters
//
// A filter is a field name, a colon (: or ：) and a value written right
// after the colon, bare or in quotes. Field names are matched ignoring case
// and width:
//
//	类别 分类 category                  类别:通知公告
//	部门 发布部门 发布机构 department dept  部门:教务处   部门:"国际交流处"
//	文号 发文字号 doc_number             文号:〔2018〕12号
//	索引号 index_number                 索引号:000014348/2019-00123
//	标题 title                          标题:招生章程
//	年份 年度 year                       year:2019   year:2015..2019   年份:2015-2019
//	日期 发布日期 date                   日期:2019-01-01..2019-06-30
//
// Years are four digits, optionally followed by 年; a range joins two with
// "..", "-", "~" or "至". A date is 2019-01-01, 2019-1-1, 2019/01/01,
// 2019.1.1 or 2019年1月1日; a month (2019-01, 2019年1月) or a year (2019,
// 2019年) stands for all its days. A date range joins two with "..", "~"
// or "至" and may leave either end open: 日期:2019-01-01.. or
// date:..2019-06-30. Full-width digits and punctuation (２０１９－０１)
// are accepted in years and dates. A word whose part before the colon is
// not a field name is plain text: http://example.edu.cn, 比例1:3.
//
// # Grammar
//
//	Query    = [ OrExpr ] .
//	OrExpr   = AndExpr { OrOp AndExpr } .
//	AndExpr  = Unary { [ "AND" ] Unary } .
//	Unary    = { "-" | "NOT" } Primary .
//	Primary  = "(" OrExpr ")" | Quoted | Filter | Word .
//	Filter   = FieldName ":" ( Quoted | Word ) .
//	OrOp     = "OR" | "|" { "|" } .
//	Quoted   = `"` { char } `"` | "“" { char } "”" | "「" { char } "」"
//	         | "『" { char } "』" | "＂" { char } "＂" .
//	Word     = a run of characters other than white space, "|" and opening
//	           quotes, not starting with "(" or "-", in which ")" only
//	           closes a "(" of the same run .
//
// Full-width forms (（ ） ｜ － ： ＯＲ …) are accepted wherever the
// ASCII ones are. A minus sign standing alone, empty quotes and empty
// parentheses are ignored.
//
// # Rules and limits
//
// A query must have at least one term that is not excluded (-艺术 alone is
// an error, 部门:教务处 -艺术 is fine), and so must every alternative of a
// top-level OR. A query may have at most MaxRunes characters, MaxDepth
// levels of parentheses and MaxTerms terms. Errors are *Error values whose
// Msg, in Chinese, says what is wrong and at which character.
//
// # Canonical form
//
// Every Node's String method prints a canonical form that Parse reads back
// to an equal tree: English field names, ASCII punctuation, " OR ", dates
// as YYYY-MM-DD and values quoted when needed.
//
//	（奖学金｜助学金）评审 年份:2015-2019 部门：“国际 交流处”
//	→ (奖学金 OR 助学金) 评审 year:2015..2019 department:"国际 交流处"
//
// Trees built by hand rather than by Parse are printed the same way but may
// not read back equal (a Text containing a space, for instance).
package query
