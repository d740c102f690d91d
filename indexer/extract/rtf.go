package extract

import (
	"context"
	"strconv"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// RTF is read natively by a small tokenizer. What matters for Chinese
// files:
//
//   - 8-bit text comes as \'hh escapes (or raw bytes) in a code page: the
//     document's \ansicpg (936 = GBK in Chinese Word and WPS), or the
//     charset of the current font (\fcharset134 = GBK, 136 = Big5) from
//     the font table. A GBK character is two escapes (\'b9\'d8 = 关), so
//     bytes are collected and decoded together, with GB18030 (a superset
//     of GBK) for 936.
//   - \uN is a UTF-16 code unit (negative above 32767; surrogate pairs are
//     joined), followed by \ucN fallback characters that are skipped.
//   - The font and colour tables, the style sheet, document info, pictures,
//     embedded objects, field instructions, every \*\ destination we do
//     not know, headers and footers (which Word writes before the body)
//     are not text. \binN data is skipped by length. Shape text
//     (\shptxt) is kept.
//   - \par and \line end lines; \tab is a space; \cell and \row make table
//     rows with cells joined by " | ", as for DOCX.

// rtfSkipped are destinations whose content is not text.
var rtfSkipped = map[string]bool{
	"fonttbl": true, "colortbl": true, "stylesheet": true, "info": true, "pict": true,
	"objdata": true, "listtable": true, "listoverridetable": true, "revtbl": true,
	"rsidtbl": true, "generator": true, "xmlnstbl": true, "themedata": true,
	"colorschememapping": true, "latentstyles": true, "datastore": true, "datafield": true,
	"fldinst": true, "mmathPr": true, "pgdsctbl": true, "filetbl": true, "header": true,
	"headerl": true, "headerr": true, "headerf": true, "footer": true, "footerl": true,
	"footerr": true, "footerf": true, "bkmkstart": true, "bkmkend": true, "xe": true,
	"tc": true, "tcn": true, "sp": true, "nonshppict": true, "template": true,
	"userprops": true, "docvar": true, "wgrffmtfilter": true, "passwordhash": true,
	"pnseclvl": true, "ftnsep": true, "ftnsepc": true, "aftnsep": true, "aftnsepc": true,
	"operator": true, "author": true, "title": true, "subject": true, "keywords": true,
	"comment": true, "company": true, "category": true,
}

// rtfSymbols are control words that stand for one character.
var rtfSymbols = map[string]string{
	"emdash": "—", "endash": "–", "lquote": "‘", "rquote": "’", "ldblquote": "“",
	"rdblquote": "”", "bullet": "•", "emspace": " ", "enspace": " ", "qmspace": " ",
	"tab": " ",
}

// rtfCharsetCodepage maps \fcharsetN to a Windows code page.
var rtfCharsetCodepage = map[int]int{
	0: 1252, 2: rtfSymbolCP, 128: 932, 129: 949, 134: 936, 136: 950, 161: 1253, 162: 1254,
	177: 1255, 178: 1256, 186: 1257, 204: 1251, 222: 874, 238: 1250,
}

// rtfState is the part of the RTF state saved and restored by braces.
type rtfState struct {
	skip    bool // inside a destination that is not text
	fonttbl bool // inside the font table
	uc      int  // fallback characters after \uN
	cp      int  // code page of \'hh
	intbl   bool // the paragraph is in a table
}

// extractRTF extracts an RTF file.
func extractRTF(ctx context.Context, data []byte, opt Options) (Result, error) {
	opt.SetDefaults()
	p := &rtfParser{data: data, w: newDocWriter(opt.MaxTextBytes), fonts: map[int]int{}, defaultCP: 1252, maxDepth: opt.MaxDepth}
	if err := p.run(ctx); err != nil {
		return Result{}, err
	}
	text := p.w.finish()
	q := Quality{Extractor: "rtf"}
	if p.w.full {
		q.warn("文本超过 " + humanSize(opt.MaxTextBytes) + "，已截断")
	}
	enc, _ := codepageEncoding(p.defaultCP)
	conf := 1.0
	if !p.declared {
		conf = 0.5
	}
	return Result{
		Title:          truncateRunes(firstLine(text), maxTitleRunes),
		Text:           text,
		Format:         FormatRTF,
		Encoding:       enc,
		EncodingSource: SourceDeclared,
		Confidence:     conf,
		Quality:        q,
	}, nil
}

type rtfParser struct {
	data      []byte
	i         int
	w         *docWriter
	st        rtfState
	stack     []rtfState
	fonts     map[int]int // font number → code page
	curFont   int         // font being defined in the font table
	defaultCP int
	declared  bool   // \ansicpg was given
	pending   []byte // 8-bit bytes awaiting decoding
	pendingCP int    // their code page
	ucSkip    int    // fallback characters still to skip
	highSurr  rune   // a high surrogate waiting for its pair
	maxDepth  int    // group nesting limit
	destNext  bool   // \* seen: the next control word names an optional destination
}

func (p *rtfParser) run(ctx context.Context) error {
	p.st = rtfState{uc: 1, cp: p.defaultCP}
	for n := 0; p.i < len(p.data); n++ {
		if n&65535 == 0 && ctx.Err() != nil {
			return canceled(ctx)
		}
		c := p.data[p.i]
		switch c {
		case '{':
			p.flush()
			if len(p.stack) >= p.maxDepth {
				return rejectf(CodeMalformed, "RTF 文件结构异常：分组嵌套超过 "+strconv.Itoa(p.maxDepth)+" 层，未处理")
			}
			p.stack = append(p.stack, p.st)
			p.ucSkip = 0
			p.i++
		case '}':
			p.flush()
			if len(p.stack) > 0 {
				p.st = p.stack[len(p.stack)-1]
				p.stack = p.stack[:len(p.stack)-1]
			}
			p.ucSkip = 0
			p.destNext = false
			p.i++
		case '\\':
			p.control()
		case '\r', '\n':
			p.i++
		default:
			p.i++
			if p.st.skip {
				continue
			}
			if p.ucSkip > 0 {
				p.ucSkip--
				continue
			}
			if c < 0x80 {
				p.flush()
				p.char(string(rune(c)))
			} else {
				p.byte(c)
			}
		}
	}
	p.flush()
	return nil
}

// control reads one control word or symbol at p.i (a backslash).
func (p *rtfParser) control() {
	p.i++
	if p.i >= len(p.data) {
		return
	}
	c := p.data[p.i]
	if !isASCIILetter(c) {
		p.i++
		p.symbol(c)
		return
	}
	start := p.i
	for p.i < len(p.data) && p.i-start < 32 && isASCIILetter(p.data[p.i]) {
		p.i++
	}
	name := string(p.data[start:p.i])
	param, hasParam := 0, false
	if p.i < len(p.data) && (p.data[p.i] == '-' || isDigit(p.data[p.i])) {
		ns := p.i
		p.i++
		for p.i < len(p.data) && p.i-ns < 11 && isDigit(p.data[p.i]) {
			p.i++
		}
		if v, err := strconv.Atoi(string(p.data[ns:p.i])); err == nil {
			param, hasParam = v, true
		}
	}
	if p.i < len(p.data) && p.data[p.i] == ' ' {
		p.i++
	}
	p.word(name, param, hasParam)
}

// symbol handles a control symbol: \'hh, \\, \{, \}, \~, \-, \_, \*.
func (p *rtfParser) symbol(c byte) {
	switch c {
	case '\'':
		if p.i+2 > len(p.data) {
			p.i = len(p.data)
			return
		}
		v, err := strconv.ParseUint(string(p.data[p.i:p.i+2]), 16, 8)
		p.i += 2
		if err != nil || p.st.skip {
			return
		}
		if p.ucSkip > 0 {
			p.ucSkip--
			return
		}
		p.byte(byte(v))
	case '\\', '{', '}':
		if !p.st.skip {
			p.flush()
			p.char(string(rune(c)))
		}
	case '~':
		p.char(" ")
	case '_':
		p.char("-")
	case '*':
		p.destNext = true
	case '\n', '\r':
		p.word("par", 0, false)
	}
}

// word handles a control word.
func (p *rtfParser) word(name string, param int, hasParam bool) {
	optional := p.destNext
	p.destNext = false
	if p.st.fonttbl {
		switch name {
		case "f":
			p.curFont = param
		case "fcharset":
			if cp, ok := rtfCharsetCodepage[param]; ok {
				p.fonts[p.curFont] = cp
			}
		case "cpg":
			p.fonts[p.curFont] = param
		}
		return
	}
	switch {
	case name == "fonttbl":
		p.st.fonttbl, p.st.skip = true, true
		return
	case name == "shpinst", name == "shptxt":
		return // shape containers: their text is kept
	case rtfSkipped[name], optional:
		p.st.skip = true
		return
	}
	if p.st.skip {
		if name == "bin" && hasParam && param > 0 {
			p.i = min(len(p.data), p.i+param)
		}
		return
	}
	switch name {
	case "ansicpg":
		if hasParam {
			p.defaultCP, p.declared = param, true
			p.st.cp = param
		}
	case "f":
		if cp, ok := p.fonts[param]; ok {
			p.st.cp = cp
		} else {
			p.st.cp = p.defaultCP
		}
	case "uc":
		if hasParam && param >= 0 && param < 10 {
			p.st.uc = param
		}
	case "u":
		if hasParam {
			p.unicode(param)
		}
	case "bin":
		if hasParam && param > 0 {
			p.i = min(len(p.data), p.i+param)
		}
	case "par", "sect", "page":
		p.flush()
		if p.st.intbl {
			p.w.lineBreak()
		} else {
			if p.w.table() != nil {
				p.w.endTable()
			}
			p.w.endPara()
		}
	case "line":
		p.flush()
		p.w.lineBreak()
	case "pard":
		p.st.intbl = false
	case "intbl":
		p.st.intbl = true
	case "cell", "nestcell":
		p.flush()
		p.ensureCell()
		p.w.endCell()
	case "row", "nestrow":
		p.flush()
		p.w.endRow()
	default:
		if s, ok := rtfSymbols[name]; ok {
			p.char(s)
		}
	}
}

// ensureCell opens a table cell when table text starts.
func (p *rtfParser) ensureCell() {
	if t := p.w.table(); t == nil || !t.inCell {
		p.w.startCell()
	}
}

// char adds text.
func (p *rtfParser) char(s string) {
	if p.st.skip {
		return
	}
	p.flush()
	if p.st.intbl {
		p.ensureCell()
	}
	p.w.text(s)
}

// byte queues an 8-bit byte for decoding in the current code page.
func (p *rtfParser) byte(b byte) {
	if len(p.pending) > 0 && p.pendingCP != p.st.cp {
		p.flush()
	}
	p.pendingCP = p.st.cp
	p.pending = append(p.pending, b)
}

// flush decodes the queued bytes.
func (p *rtfParser) flush() {
	if len(p.pending) == 0 {
		return
	}
	b := p.pending
	p.pending = p.pending[:0]
	_, enc := codepageEncoding(p.pendingCP)
	if enc == nil {
		return // the Symbol charset and unknown code pages
	}
	s, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return
	}
	if p.st.intbl {
		p.ensureCell()
	}
	p.w.text(toValidUTF8(string(s)))
}

// unicode handles \uN.
func (p *rtfParser) unicode(n int) {
	p.flush()
	p.ucSkip = p.st.uc
	if n < 0 {
		n += 65536
	}
	r := rune(n)
	switch {
	case r >= 0xD800 && r < 0xDC00:
		p.highSurr = r
		return
	case r >= 0xDC00 && r < 0xE000:
		if p.highSurr == 0 {
			return
		}
		r = 0x10000 + (p.highSurr-0xD800)<<10 + (r - 0xDC00)
	}
	p.highSurr = 0
	p.char(string(r))
}

// codepageEncoding returns the name used in Result.Encoding and the
// decoder of a Windows code page.
func codepageEncoding(cp int) (string, encoding.Encoding) {
	switch cp {
	case 936, 54936:
		return EncGB18030, simplifiedchinese.GB18030
	case 950:
		return EncBig5, traditionalchinese.Big5
	case 932:
		return "shift_jis", japanese.ShiftJIS
	case 949:
		return "euc-kr", korean.EUCKR
	case 65001:
		return EncUTF8, encoding.Nop
	case 1250:
		return "windows-1250", charmap.Windows1250
	case 1251:
		return "windows-1251", charmap.Windows1251
	case 1253:
		return "windows-1253", charmap.Windows1253
	case 1254:
		return "windows-1254", charmap.Windows1254
	case 1255:
		return "windows-1255", charmap.Windows1255
	case 1256:
		return "windows-1256", charmap.Windows1256
	case 1257:
		return "windows-1257", charmap.Windows1257
	case 874:
		return "windows-874", charmap.Windows874
	case 437:
		return "ibm437", charmap.CodePage437
	case rtfSymbolCP:
		return "symbol", nil // pictograms, not text
	}
	// Windows-1252 for the rest (1252 itself, Mac code pages, unknown
	// numbers): Latin text stays readable and nothing is lost silently.
	return "windows-1252", charmap.Windows1252
}

// rtfSymbolCP is a pseudo code page for fonts with the Symbol charset.
const rtfSymbolCP = -2

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
