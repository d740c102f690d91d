// Package extract turns the bytes of an archived original file (an HTML
// page, a plain-text notice or a Markdown document) into a title and the
// visible text that the indexer stores and searches.
//
// # Entry points
//
// File picks an extractor from the file name's extension and from the
// content itself; HTML, Text and Markdown can be called directly when the
// format is already known; Decode only converts bytes to UTF-8. Every entry
// point recovers from panics and reports them as a *Rejection with Code
// "malformed", so a broken file can never take down the indexer.
//
// # Charset decision order
//
// Chinese university sites are full of pages whose bytes and declarations
// disagree, so the decoder trusts evidence in this order:
//
//  1. A byte order mark (UTF-8, UTF-16LE, UTF-16BE). A BOM is almost never
//     present by accident and no editor writes one that lies.
//  2. A declared charset: the HTTP Content-Type header passed by the caller,
//     then <meta charset> or <meta http-equiv="Content-Type"> within the
//     first 4 KB of an HTML page. All labels of the GB family (GB2312, GBK,
//     x-gbk, CP936, GB18030, EUC-CN …) decode as GB18030: GB18030 is a strict
//     superset of GBK, which is a superset of GB2312, so decoding with the
//     largest member never loses a character that a smaller one would have
//     produced, and pages labelled gb2312 routinely contain GBK-only
//     characters (rare names, 镕, 堃 …). Big5 and Big5-HKSCS decode as Big5
//     (the WHATWG table, which includes HKSCS).
//  3. Detection, used when nothing usable is declared or when the
//     declaration is contradicted by the bytes (declared UTF-8 but the bytes
//     are not valid UTF-8; declared GBK but the bytes decode far more
//     plausibly as UTF-8 or Big5). Valid UTF-8 wins outright: GBK or Big5
//     text of any length is almost never valid UTF-8 by accident. Otherwise
//     the bytes are decoded as UTF-8, GB18030 and Big5 and each result is
//     scored: replacement characters and C1 controls cost heavily, very
//     common Chinese characters (a hand-made list of simplified and
//     traditional characters) and CJK punctuation earn points, and the
//     "odd" characters that a wrong decoding produces (kana, box drawing,
//     CJK extension and private-use characters) cost a little. GB18030 text
//     read as Big5 yields rare traditional characters and vice versa, so
//     the correct reading stands out after a few dozen characters.
//
// An incomplete multi-byte sequence at the very end (a truncated download)
// is dropped instead of being turned into U+FFFD. Input in which more than
// 1% of the bytes are NUL or other control bytes is rejected as binary.
//
// # Boilerplate
//
// Every page of a university 信息公开网 repeats the same chrome: a top
// menu (首页 | 信息公开 | 通知公告 | 依申请公开), a sidebar listing the site's
// columns (信息公开目录 通知公告 综合新闻 … 信息公开年度报告), a breadcrumb
// (当前位置：首页 > 人事师资) and a footer (版权所有 … 地址 … 邮编 … ICP备).
// Indexed as text, it makes every page "contain" 信息公开 and 年度报告, so
// HTML returns the page's own content and drops the chrome (set
// Options.KeepBoilerplate to keep everything). The rules are conservative
// because a lost sentence can never be found again, while a stray menu
// word only costs some precision:
//
//   - Chrome is recognised by tag (nav, menu; and header, footer, aside,
//     form unless inside the article, where they are its own header and
//     footer) and by class, id or role. Unambiguous names (nav, menu,
//     navbar, topbar, toolbar, breadcrumb, crumb, sidebar, banner, share,
//     pager, pagination, copyright, and the Chinese CMS names dqwz 当前位置,
//     lmmc 栏目名称, daohang, fenxiang, yqlj 友情链接) count wherever they
//     appear in a token: wz_nav, leftmenu. Ambiguous ones (header, head,
//     footer, foot, side, left, right, links, position, location, lm) count
//     only as a whole class token, because main-right or text-left may well
//     hold the article.
//   - The article is recognised by <article>, <main>, role=main and by
//     class or id tokens containing content, article, detail, zhengwen,
//     neirong or trs_editor, or made of zw/zwnr: this covers 博达 VSB's
//     v_news_content and vsb_content, wp_articlecontent, TRS_Editor. A
//     token that also names navigation (nav-content, article-share) is
//     navigation. A bare main, body or text class marks a layout wrapper
//     as often as an article, so it only shields the element from the
//     link-density rule below.
//   - Nothing that holds a marked article is dropped as chrome, so a
//     <form> or a td.right around the article stays.
//   - When a marked article holds at least 30% of the page's non-link
//     text and no other marked element outside it holds half as much, the
//     text is that element (the deepest marked element keeping 90% of its
//     text, so a wrapper's crumbs fall away) less any navigation nested in
//     it, plus, outside it, the nearest title before it (h1–h3 or a class
//     containing title) and, around the two, the metadata lines (发布时间,
//     来源, 发布机构, 作者, 文号, 索引号, 浏览次数 …) and attachment lines
//     (附件). Inside the article only navigation and lines that begin like
//     a breadcrumb or a copyright notice are dropped: a class "left" there
//     is a floated picture, a table cell "right" is data.
//   - Otherwise the text-density rule applies: chrome is dropped, and so
//     are blocks with at least three links in which link text is more than
//     half of the characters and other text at most 60 characters (menus,
//     column lists, 友情链接). The smallest element holding over half of
//     the page's non-link text, its ancestors, chrome holding a third of
//     it, blocks holding half of all the page's characters (the list of a
//     column index page) and blocks with metadata or 附件 are never
//     dropped. Short lines starting 当前位置：or 您的位置：are dropped, as are
//     short lines with 版权所有, Copyright, ©, ICP备 or 公网安备 together
//     with the small block around them (the footer's 地址, 邮编 and 电话).
//     地址/邮编/电话 alone are not enough: notices end with contact lines.
//   - The metadata line is always kept: the ingester reads the date and
//     the publishing office from it.
//   - If the cleaned text is empty, or under a fifth of a full text of at
//     least 1000 characters, the full text is returned: the rules more
//     likely went wrong than the page was 80% chrome, and all the words
//     are better than too few.
//
// Removal only ever removes whole lines, or whole cells of a table row:
// what is kept is laid out exactly as in the full text. Inline elements
// are never removed on their own, since a link styled as navigation may be
// a word of a sentence. The title is unaffected.
//
// # Text shape
//
// Result.Text holds one paragraph per line, separated by "\n", with runs of
// white space collapsed and leading indentation (including the ideographic
// spaces 　　 that Chinese notices indent with) removed. Line breaks in the
// source between two Chinese characters are dropped instead of becoming
// spaces, and no space is ever inserted between inline elements.
package extract
