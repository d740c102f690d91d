package extract

import (
	"context"
	"errors"
	"testing"
)

// Fuzz targets for the native document parsers. Each takes either a whole
// file (wrap false) or, to get past the ZIP layer that random mutation
// mostly breaks, one XML part placed into an otherwise valid package
// (wrap true). They call the unguarded extractors so that a panic is a
// crash, and check that every failure is a Rejection and every success
// has the promised shape. Run each for a few seconds:
//
//	go test -run '^$' -fuzz '^FuzzDOCX$' -fuzztime 15s -fuzzminimizetime 100x ./indexer/extract/
//
// -fuzzminimizetime matters: a ZIP-based input finds new coverage in the
// inflater at almost every step, and with the default (a minute of
// minimising each new input) a 15-second run spends all its time
// minimising the first one.

// fuzzOptions keep each input cheap.
func fuzzOptions() Options {
	o := Options{MaxDepth: 64, MaxTextBytes: 1 << 20, MaxUnzipBytes: 8 << 20, MaxZipEntries: 100}
	o.SetDefaults()
	return o
}

func checkDocFuzz(t *testing.T, res Result, err error) {
	t.Helper()
	if err != nil {
		if _, ok := errors.AsType[*Rejection](err); !ok {
			t.Fatalf("error is %T, not *Rejection: %v", err, err)
		}
		return
	}
	checkShape(t, res)
}

// replacePart returns the entries with one part's body replaced, all
// stored without compression: the deflate compressor's own branches would
// make nearly every input look "interesting" to the fuzzer, which then
// spends its time minimising instead of exploring the parser.
func replacePart(entries []zipEntry, name string, body []byte) []zipEntry {
	out := append([]zipEntry(nil), entries...)
	for i := range out {
		if out[i].name == name {
			out[i].body = string(body)
		}
		out[i].store = true
	}
	return out
}

func FuzzDOCX(f *testing.F) {
	f.Add(buildDOCX(f, true), false)
	f.Add([]byte(`<w:document `+wNS+`><w:body>`+wPara("正文")+wTable(docxTable)+`</w:body></w:document>`), true)
	f.Add([]byte(`<w:document `+wNS+`><w:body><w:tbl><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc><w:tr></w:tbl></w:tr>`), true)
	f.Add([]byte(`<mc:Fallback><w:t>`), true)
	base := []zipEntry{
		{name: "[Content_Types].xml", body: "wordprocessingml.document.main"},
		{name: "word/document.xml"},
	}
	f.Fuzz(func(t *testing.T, data []byte, wrap bool) {
		if wrap {
			data = buildZip(t, replacePart(base, "word/document.xml", data))
		}
		res, err := extractDOCX(context.Background(), data, fuzzOptions())
		checkDocFuzz(t, res, err)
	})
}

func FuzzXLSX(f *testing.F) {
	f.Add(buildXLSX(f), false)
	f.Add([]byte(`<worksheet><sheetData><row><c r="XFD1" t="s"><v>0</v></c><c r="A" t="inlineStr"><is><t>x</t></is></c><c t="b"><v>1</v></c></row></sheetData></worksheet>`), true)
	f.Add([]byte(`<worksheet><sheetData><row><c s="1"><v>1e308</v></c><c s="1"><v>-5</v></c><c t="s"><v>99999999999</v></c></row></sheetData></worksheet>`), true)
	base := []zipEntry{
		{name: "[Content_Types].xml", body: "spreadsheetml.sheet.main"},
		{name: "xl/workbook.xml", body: `<workbook><sheets><sheet name="表" sheetId="1"/></sheets></workbook>`},
		{name: "xl/sharedStrings.xml", body: `<sst><si><t>共享</t></si></sst>`},
		{name: "xl/worksheets/sheet1.xml"},
	}
	f.Fuzz(func(t *testing.T, data []byte, wrap bool) {
		if wrap {
			data = buildZip(t, replacePart(base, "xl/worksheets/sheet1.xml", data))
		}
		res, err := extractXLSX(context.Background(), data, fuzzOptions())
		checkDocFuzz(t, res, err)
	})
}

func FuzzODT(f *testing.F) {
	f.Add(buildODT(f, odtOptions{pages: noticePages()[:1], table: true, note: true, header: "页眉", footer: true}), false)
	f.Add(buildODS(f), false)
	f.Add([]byte(`<office:document-content `+odfNS+`><office:body><office:text><text:p>a<text:note><text:note-body><text:p>注</text:p></text:note-body></text:note>b</text:p></office:text></office:body></office:document-content>`), true)
	f.Add([]byte(`<table:table-cell xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" table:number-columns-repeated="99999999"/>`), true)
	base := []zipEntry{
		{name: "mimetype", body: "application/vnd.oasis.opendocument.text", store: true},
		{name: "content.xml"},
	}
	f.Fuzz(func(t *testing.T, data []byte, wrap bool) {
		if wrap {
			data = buildZip(t, replacePart(base, "content.xml", data))
		}
		res, err := extractODF(context.Background(), data, fuzzOptions(), FormatODT)
		checkDocFuzz(t, res, err)
	})
}

func FuzzOFD(f *testing.F) {
	f.Add(buildOFD(f, ofdNoticePages()[:1], nil), false)
	f.Add([]byte(`<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer><ofd:TextObject Boundary="1 2 3" Size="-1"><ofd:TextCode X="NaN" Y="1e308" DeltaX="g 99999999 1e308">文字</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>`), true)
	f.Add([]byte(`<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:TextCode>孤立</ofd:TextCode><ofd:ImageObject ResourceID="1"/></ofd:Page>`), true)
	base := []zipEntry{
		{name: "OFD.xml", body: `<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`},
		{name: "Doc_0/Document.xml", body: `<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages><ofd:Page BaseLoc="Pages/Page_0/Content.xml"/><ofd:Page BaseLoc="/Doc_0/Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`},
		{name: "Doc_0/Pages/Page_0/Content.xml"},
	}
	f.Fuzz(func(t *testing.T, data []byte, wrap bool) {
		if wrap {
			data = buildZip(t, replacePart(base, "Doc_0/Pages/Page_0/Content.xml", data))
		}
		o := fuzzOptions()
		o.NoOCR = true // a page image must not start tesseract
		res, err := extractOFD(context.Background(), data, o)
		if err != nil {
			if r, ok := errors.AsType[*Rejection](err); ok && r.Code == CodeNeedsOCR {
				return
			}
		}
		checkDocFuzz(t, res, err)
	})
}

func FuzzRTF(f *testing.F) {
	f.Add(buildRTF(f))
	f.Add([]byte(`{\rtf1\ansi\ansicpg936{\fonttbl{\f0\fcharset134 x;}}\f0\'d6\'d0\uc2\u20013\'d6\'d0\u-10179?\u-8704?\cell\row\bin99999999}`))
	f.Add([]byte(`{\rtf1{\*\shpinst{\sp{\sn x}{\sv y}}{\shptxt 文本}}\'g1\'\u\uc99\intbl a\cell\par\row}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := extractRTF(context.Background(), data, fuzzOptions())
		checkDocFuzz(t, res, err)
	})
}
