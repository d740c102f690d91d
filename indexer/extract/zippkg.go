package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/transform"
)

// zipPkg is a ZIP-based document (DOCX, XLSX, ODT, ODS, OFD) opened with
// the limits of Options. Every part is read through it, so that the total
// decompressed size is bounded whatever the entries claim: a zip bomb
// (a kilobyte of deflate that expands to gigabytes of zeros) is refused
// from its declared sizes before anything is inflated, and a header lying
// about its size is caught while reading, by archive/zip (which refuses
// more bytes than declared) and by io.LimitReader on the budget.
type zipPkg struct {
	files map[string]*zip.File // by normZipName
	left  int64                // decompression budget still available
	limit int64
}

// errNoPart reports a part missing from the package.
var errNoPart = fs.ErrNotExist

func openZip(data []byte, opt Options) (*zipPkg, error) {
	if n, ok := zipEntryCount(data); ok && n > opt.MaxZipEntries {
		return nil, rejectTooManyEntries(n, opt.MaxZipEntries)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		// Entry names are only looked up, never used as paths, so an
		// insecure name is harmless here.
		return nil, rejectf(CodeMalformed, "文件不完整或已损坏，无法作为 ZIP/Office 文件打开（可能下载不完整）")
	}
	if len(zr.File) > opt.MaxZipEntries {
		return nil, rejectTooManyEntries(len(zr.File), opt.MaxZipEntries)
	}
	z := &zipPkg{files: make(map[string]*zip.File, len(zr.File)), left: opt.MaxUnzipBytes, limit: opt.MaxUnzipBytes}
	var declared uint64
	for _, f := range zr.File {
		declared += f.UncompressedSize64
		if _, dup := z.files[normZipName(f.Name)]; !dup {
			z.files[normZipName(f.Name)] = f
		}
	}
	if declared > uint64(opt.MaxUnzipBytes) {
		return nil, rejectZipBomb(opt.MaxUnzipBytes)
	}
	return z, nil
}

func rejectTooManyEntries(n, limit int) error {
	return rejectf(CodeTooLarge, "压缩包内文件过多（"+strconv.Itoa(n)+" 个，上限 "+strconv.Itoa(limit)+" 个），可能是压缩炸弹，未处理")
}

func rejectZipBomb(limit int64) error {
	return rejectf(CodeTooLarge, "解压后内容超过上限（"+humanSize(limit)+"），可能是压缩炸弹，未处理")
}

func (z *zipPkg) has(name string) bool { return z.files[normZipName(name)] != nil }

// read returns the decompressed bytes of one part, charging them to the
// budget. A missing part is errNoPart; a damaged one a "malformed"
// Rejection.
func (z *zipPkg) read(name string) ([]byte, error) {
	f := z.files[normZipName(name)]
	if f == nil {
		return nil, fmt.Errorf("%s: %w", name, errNoPart)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, rejectf(CodeMalformed, "文件已损坏，无法读取其中的 "+name)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, z.left+1))
	if int64(len(b)) > z.left {
		return nil, rejectZipBomb(z.limit)
	}
	z.left -= int64(len(b))
	if err != nil {
		return nil, rejectf(CodeMalformed, "文件已损坏，无法读取其中的 "+name+"（"+zipErrText(err)+"）")
	}
	return b, nil
}

func zipErrText(err error) string {
	switch {
	case errors.Is(err, zip.ErrChecksum):
		return "校验和错误"
	case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrAlgorithm):
		return "压缩格式错误"
	}
	return "解压失败"
}

// xmlDecoder returns a lenient decoder: office files written by small
// tools are often not quite well-formed, and a lost word matters more than
// strictness. HTML entities are accepted, and XML declared in the GB or
// Big5 family (seen in OFD files) is decoded.
func xmlDecoder(data []byte) *xml.Decoder {
	if len(data) >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)) {
		enc := EncUTF16LE
		if data[0] == 0xFE {
			enc = EncUTF16BE
		}
		if d, err := decodeUTF16With(data[2:], enc, SourceBOM, 1); err == nil {
			data = []byte(d.text)
		}
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		switch normalizeLabel(label) {
		case EncGB18030, EncBig5:
			return transform.NewReader(r, charsetDecoder(normalizeLabel(label))), nil
		}
		// UTF-8 and UTF-16 (already converted above) are read as they
		// are; unknown labels too, rather than losing the part.
		return r, nil
	}
	return d
}

// walkXML feeds every token of an XML part to fn with the depth of the
// element it belongs to: a StartElement and its EndElement get the same
// depth, 1 for the root. It refuses
// nesting deeper than maxDepth (a stack-exhaustion and quadratic-time
// vector in every tree-shaped parser) and checks ctx every few thousand
// tokens. An *xml.SyntaxError is returned as is, after fn saw everything
// before it, so callers can keep the text read so far.
func walkXML(ctx context.Context, data []byte, maxDepth int, fn func(tok xml.Token, depth int) error) error {
	d := xmlDecoder(data)
	depth := 0
	for n := 0; ; n++ {
		if n&4095 == 0 && ctx.Err() != nil {
			return canceled(ctx)
		}
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
			if depth > maxDepth {
				return rejectf(CodeMalformed, "文件结构异常：XML 嵌套超过 "+strconv.Itoa(maxDepth)+" 层，未处理")
			}
			err = fn(tok, depth)
		case xml.EndElement:
			err = fn(tok, depth)
			depth--
		default:
			err = fn(tok, depth)
		}
		if err != nil {
			return err
		}
	}
}

// attr returns the value of the attribute with the given local name.
func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// partError turns an error from walkXML into what an extractor returns: a
// syntax error becomes a warning (the text before it is kept), anything
// else (a Rejection, cancellation) is passed up.
func partError(err error, part string, q *Quality) error {
	if err == nil {
		return nil
	}
	if _, ok := errors.AsType[*xml.SyntaxError](err); ok {
		q.warn(part + " 的 XML 结构有错误，其后的内容可能缺失")
		return nil
	}
	return err
}

// charsetDecoder returns the decoder for a GB or Big5 family label as
// normalised by normalizeLabel.
func charsetDecoder(enc string) transform.Transformer {
	if enc == EncBig5 {
		return traditionalchinese.Big5.NewDecoder()
	}
	return simplifiedchinese.GB18030.NewDecoder()
}

// A rel is one OPC relationship (the _rels/*.rels parts of OOXML).
type rel struct {
	id, typ, target string // target resolved to a part name
}

// readRels reads the relationships of part, or of the package when part
// is "". Missing or broken relationship parts yield nil: callers fall back
// on conventional part names.
func readRels(ctx context.Context, z *zipPkg, part string, maxDepth int) []rel {
	dir, file := "", ""
	if i := strings.LastIndexByte(part, '/'); i >= 0 {
		dir, file = part[:i+1], part[i+1:]
	} else {
		file = part
	}
	data, err := z.read(dir + "_rels/" + file + ".rels")
	if err != nil {
		return nil
	}
	var rels []rel
	_ = walkXML(ctx, data, maxDepth, func(tok xml.Token, _ int) error {
		if e, ok := tok.(xml.StartElement); ok && e.Name.Local == "Relationship" && attr(e, "TargetMode") != "External" {
			rels = append(rels, rel{id: attr(e, "Id"), typ: attr(e, "Type"), target: resolvePart(dir, attr(e, "Target"))})
		}
		return nil
	})
	return rels
}

// resolvePart resolves a relationship target against the folder of the
// source part: "/xl/worksheets/sheet1.xml" is absolute, "worksheets/a.xml"
// relative; "../" segments are allowed but cannot climb above the root.
func resolvePart(dir, target string) string {
	target = strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean("/"+dir+target), "/")
}

// relOfType returns the target of the first relationship whose type ends
// with suffix ("/officeDocument"), or "".
func relOfType(rels []rel, suffix string) string {
	for _, r := range rels {
		if strings.HasSuffix(r.typ, suffix) {
			return r.target
		}
	}
	return ""
}
