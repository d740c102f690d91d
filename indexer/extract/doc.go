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
// # Text shape
//
// Result.Text holds one paragraph per line, separated by "\n", with runs of
// white space collapsed and leading indentation (including the ideographic
// spaces 　　 that Chinese notices indent with) removed. Line breaks in the
// source between two Chinese characters are dropped instead of becoming
// spaces, and no space is ever inserted between inline elements.
package extract
