// Package classify decides a record's category (类别) and department (部门)
// from where it came from and what it is called, using an editable rules
// file.
//
// # Rules file
//
// The default rules (rules.txt, embedded) cover the departments and columns
// of a typical Chinese university site. An archive may add its own in
// DATA/rules.txt: Load puts those rules ahead of the defaults, so a local
// rule always beats a shipped one, and a line "reset" drops the defaults
// altogether. One rule per line:
//
//	<kind> <patterns> <value>
//
// patterns are alternatives separated by "|", "," "，" or "、"; fields are
// separated by spaces or tabs; "#" starts a comment. The kinds (English or
// Chinese keyword):
//
//	dept     部门  a host label or folder name → department: jwc → 教务处
//	section  路径  a host label or folder name → category: tzgg → 通知公告
//	column   栏目  a column name (breadcrumb, 公开类别) containing the pattern → category
//	title    标题  a title containing the pattern → category
//	fallback 兜底  like title, tried only when nothing else decided: 通知 → 通知公告
//
// # Precedence
//
// The indexer applies, for each field, the first of these that gives a
// value; the rules come last but one:
//
//  1. explicit metadata: the manifest's own field, then the --category /
//     --department option of the run;
//  2. for the department only, what the page itself declares (来源,
//     发布单位, 发布机构 …);
//  3. the rules, by kind in this order: category from column, then
//     section, then title, then fallback; department from dept. Within a
//     kind, the source's parts are tried from the most specific (the
//     deepest breadcrumb entry, the host's leftmost label, then the folders
//     from the root down) and, for each part, the rules in file order
//     (local rules first): the first match wins;
//  4. nothing: the category is left empty, shown as 未分类 (Unclassified),
//     and the ingest summary lists the record.
//
// Matching folds ASCII case and full-width forms; host and folder patterns
// match a whole label or folder name, never a part of one, so "xb" does
// not match "xbxy".
package classify
