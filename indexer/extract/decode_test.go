package extract

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalizeLabel(t *testing.T) {
	cases := map[string]string{
		"GB2312": EncGB18030, "gbk": EncGB18030, " x-gbk ": EncGB18030, "CP936": EncGB18030,
		"gb18030": EncGB18030, `"gb2312"`: EncGB18030,
		"Big5": EncBig5, "big5-hkscs": EncBig5,
		"UTF-8": EncUTF8, "utf8": EncUTF8,
		"utf-16": EncUTF16LE, "UTF-16BE": EncUTF16BE,
		"iso-8859-1": "", "windows-1252": "", "": "", "shift_jis": "",
	}
	for in, want := range cases {
		if got := normalizeLabel(in); got != want {
			t.Errorf("normalizeLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDecodeGBKDetected(t *testing.T) {
	text, enc, src, conf, err := Decode(gbk(t, noticeSimplified), "")
	if err != nil {
		t.Fatal(err)
	}
	if text != noticeSimplified {
		t.Fatalf("text mismatch:\n%s", text)
	}
	if enc != EncGB18030 || src != SourceDetected {
		t.Fatalf("got %s/%s, want gb18030/detected", enc, src)
	}
	if conf < 0.8 {
		t.Errorf("confidence %.2f, want >= 0.8", conf)
	}
}

func TestDecodeBig5Detected(t *testing.T) {
	text, enc, src, conf, err := Decode(big5(t, noticeTraditional), "")
	if err != nil {
		t.Fatal(err)
	}
	if text != noticeTraditional {
		t.Fatalf("text mismatch:\n%s", text)
	}
	if enc != EncBig5 || src != SourceDetected {
		t.Fatalf("got %s/%s, want big5/detected", enc, src)
	}
	if conf < 0.8 {
		t.Errorf("confidence %.2f, want >= 0.8", conf)
	}
}

func TestDecodeShortBig5(t *testing.T) {
	// Short, but every character is common in traditional text.
	want := "國立臺灣大學公告"
	text, enc, _, _, err := Decode(big5(t, want), "")
	if err != nil {
		t.Fatal(err)
	}
	if enc != EncBig5 || text != want {
		t.Fatalf("got %s %q", enc, text)
	}
}

func TestDecodeShortGBK(t *testing.T) {
	for _, want := range []string{"中文", "通知", "关于", "信息公开"} {
		text, enc, _, _, err := Decode(gbk(t, want), "")
		if err != nil {
			t.Fatal(err)
		}
		if enc != EncGB18030 || text != want {
			t.Errorf("%s: got %s %q", want, enc, text)
		}
	}
}

func TestDecodeUTF8(t *testing.T) {
	text, enc, src, conf, err := Decode([]byte(noticeSimplified), "")
	if err != nil || text != noticeSimplified || enc != EncUTF8 || src != SourceDetected || conf < 0.9 {
		t.Fatalf("got %q %s %s %.2f %v", text[:20], enc, src, conf, err)
	}
	// Non-Chinese UTF-8 must stay UTF-8 too.
	for _, s := range []string{"café au lait", "Привет, мир", "naïve façade", "東京都の大学"} {
		text, enc, _, _, err := Decode([]byte(s), "")
		if err != nil || enc != EncUTF8 || text != s {
			t.Errorf("%q: got %q %s %v", s, text, enc, err)
		}
	}
}

func TestDecodeBOM(t *testing.T) {
	const s = "关于2019年GB18030编码规范的通知"
	cases := []struct {
		name string
		data []byte
		enc  string
	}{
		{"utf-8", append([]byte{0xEF, 0xBB, 0xBF}, s...), EncUTF8},
		{"utf-16le", utf16LEWithBOM(t, s), EncUTF16LE},
		{"utf-16be", utf16BEWithBOM(t, s), EncUTF16BE},
	}
	for _, c := range cases {
		// A BOM beats any declaration.
		text, enc, src, conf, err := Decode(c.data, "gbk")
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if text != s || enc != c.enc || src != SourceBOM || conf != 1 {
			t.Errorf("%s: got %q %s %s %.2f", c.name, text, enc, src, conf)
		}
	}
}

func TestDecodeUTF16WithoutBOM(t *testing.T) {
	const s = "Notice 通知 2024: exam schedule 考试安排"
	data := utf16LEWithBOM(t, s)[2:]
	text, enc, src, _, err := Decode(data, "")
	if err != nil || text != s || enc != EncUTF16LE || src != SourceDetected {
		t.Fatalf("got %q %s %s %v", text, enc, src, err)
	}
}

func TestDecodeDeclaredUTF8ButGBK(t *testing.T) {
	text, enc, src, _, err := Decode(gbk(t, noticeSimplified), "utf-8")
	if err != nil {
		t.Fatal(err)
	}
	if enc != EncGB18030 || src != SourceDetected || text != noticeSimplified {
		t.Fatalf("got %s/%s %q", enc, src, text[:30])
	}
}

func TestDecodeDeclaredGBKButUTF8(t *testing.T) {
	text, enc, src, _, err := Decode([]byte(noticeSimplified), "gb2312")
	if err != nil {
		t.Fatal(err)
	}
	if enc != EncUTF8 || src != SourceDetected || text != noticeSimplified {
		t.Fatalf("got %s/%s %q", enc, src, text[:30])
	}
}

func TestDecodeDeclaredGBButBig5(t *testing.T) {
	text, enc, src, _, err := Decode(big5(t, noticeTraditional), "gb2312")
	if err != nil {
		t.Fatal(err)
	}
	if enc != EncBig5 || src != SourceDetected || text != noticeTraditional {
		t.Fatalf("got %s/%s %q", enc, src, text[:30])
	}
}

func TestDecodeDeclaredGBKHoldsGB18030Characters(t *testing.T) {
	// 4-byte GB18030 sequences (an emoji, CJK extension A) in a page
	// labelled gbk: decoding as GB18030 keeps them.
	const s = "通知：报名截止 😀 㐀 欢迎参加"
	text, enc, src, _, err := Decode(gb18030(t, s), "gbk")
	if err != nil || text != s || enc != EncGB18030 || src != SourceDeclared {
		t.Fatalf("got %q %s %s %v", text, enc, src, err)
	}
}

func TestDecodeFullWidthMixed(t *testing.T) {
	const s = "关于2019年GB18030编码规范的通知（ＡＢＣ１２３，全角字符）"
	for _, declared := range []string{"", "gb2312"} {
		text, enc, _, _, err := Decode(gbk(t, s), declared)
		if err != nil || text != s || enc != EncGB18030 {
			t.Errorf("declared %q: got %q %s %v", declared, text, enc, err)
		}
	}
}

func TestDecodeTruncatedGBK(t *testing.T) {
	full := gbk(t, noticeSimplified)
	// Cut in the middle of the last two-byte character.
	data := full[:len(full)-1]
	text, enc, _, _, err := Decode(data, "")
	if err != nil {
		t.Fatal(err)
	}
	if enc != EncGB18030 {
		t.Fatalf("encoding %s", enc)
	}
	if strings.ContainsRune(text, utf8.RuneError) {
		t.Fatalf("truncated tail became U+FFFD: %q", text[len(text)-12:])
	}
	want := strings.TrimSuffix(noticeSimplified, "日")
	if text != want {
		t.Fatalf("got tail %q, want %q", text[len(text)-12:], want[len(want)-12:])
	}
	// Declared, too.
	text, _, _, _, err = Decode(data, "gbk")
	if err != nil || text != want {
		t.Fatalf("declared: %v %q", err, text[len(text)-12:])
	}
}

func TestDecodeTruncatedUTF8(t *testing.T) {
	data := []byte(noticeSimplified)
	data = data[:len(data)-1] // cut the last "日"
	text, enc, _, _, err := Decode(data, "")
	if err != nil || enc != EncUTF8 || strings.ContainsRune(text, utf8.RuneError) {
		t.Fatalf("got %s %v %q", enc, err, text[len(text)-12:])
	}
}

func TestDecodeCorruptByteKeepsBestDecoding(t *testing.T) {
	// One stray byte in a GBK notice must not flip the whole file to
	// another encoding.
	data := gbk(t, noticeSimplified)
	data = append(data[:40:40], append([]byte{0xFF}, data[40:]...)...)
	text, enc, _, _, err := Decode(data, "")
	if err != nil || enc != EncGB18030 {
		t.Fatalf("got %s %v", enc, err)
	}
	if n := strings.Count(text, "\uFFFD"); n != 1 {
		t.Fatalf("%d replacement characters", n)
	}
}

func TestDecodeASCII(t *testing.T) {
	text, enc, src, conf, err := Decode([]byte("plain ascii"), "")
	if err != nil || text != "plain ascii" || enc != EncUTF8 || src != SourceDetected || conf != 1 {
		t.Fatalf("got %q %s %s %v %v", text, enc, src, conf, err)
	}
	_, enc, src, _, _ = Decode([]byte("plain ascii"), "gb2312")
	if enc != EncGB18030 || src != SourceDeclared {
		t.Fatalf("declared ascii: %s %s", enc, src)
	}
}

func TestDecodeEmpty(t *testing.T) {
	text, enc, _, _, err := Decode(nil, "")
	if err != nil || text != "" || enc != EncUTF8 {
		t.Fatalf("got %q %s %v", text, enc, err)
	}
}

func TestDecodeBinary(t *testing.T) {
	data := make([]byte, 4096)
	for i := range data {
		data[i] = byte(i*7919 + i/3)
	}
	_, _, _, _, err := Decode(data, "")
	wantRejection(t, err, CodeBinary)

	// A text with a couple of NULs (under 1%) is still text.
	txt := bytes.Repeat([]byte("通知公告 notice "), 50)
	txt[100] = 0
	if _, _, _, _, err := Decode(txt, ""); err != nil {
		t.Fatalf("text with one NUL: %v", err)
	}
}

func TestDecodeUndecodable(t *testing.T) {
	data := []byte("abc \xff\xff\xff def \xff\xff ghi \xff\xff\xff\xff jkl")
	_, _, _, _, err := Decode(data, "")
	wantRejection(t, err, CodeEncoding)
}

func TestDecodeLargeUsesSample(t *testing.T) {
	// Larger than the scoring sample: the whole input is still decoded.
	var sb strings.Builder
	for sb.Len() < scoreSample*2 {
		sb.WriteString(noticeSimplified)
		sb.WriteString("\n")
	}
	want := sb.String()
	text, enc, _, _, err := Decode(gbk(t, want), "")
	if err != nil || enc != EncGB18030 || text != want {
		t.Fatalf("got %s %v len %d want %d", enc, err, len(text), len(want))
	}
}

func TestDecodeUTF8WithOneBadByte(t *testing.T) {
	data := []byte(noticeSimplified)
	at := strings.Index(noticeSimplified, "各学院") // a character boundary
	data = append(data[:at:at], append([]byte{0xC0}, data[at:]...)...)
	text, enc, _, _, err := Decode(data, "")
	if err != nil || enc != EncUTF8 {
		t.Fatalf("got %s %v", enc, err)
	}
	if n := strings.Count(text, "\uFFFD"); n != 1 {
		t.Fatalf("%d replacement characters", n)
	}
}

func TestDecodeUnsupportedDeclarationIsIgnored(t *testing.T) {
	text, enc, src, _, err := Decode(gbk(t, noticeSimplified), "iso-8859-1")
	if err != nil || enc != EncGB18030 || src != SourceDetected || text != noticeSimplified {
		t.Fatalf("got %s %s %v", enc, src, err)
	}
}

func TestDecodeDeclaredUTF16(t *testing.T) {
	// Chinese only, no BOM, no NUL bytes to recognise it by.
	const s = "关于做好研究生课程考试工作的通知各学院各部门根据学校教学工作安排"
	data := utf16BEWithBOM(t, s)[2:]
	text, enc, src, _, err := Decode(data, "utf-16be")
	if err != nil || text != s || enc != EncUTF16BE || src != SourceDeclared {
		t.Fatalf("got %q %s %s %v", text, enc, src, err)
	}
	// An ASCII page that claims UTF-16 is not read as UTF-16.
	text, enc, _, _, err = Decode([]byte("<html><body><p>hello world, plain page</p></body></html>"), "utf-16")
	if err != nil || enc != EncUTF8 || !strings.Contains(text, "hello") {
		t.Fatalf("got %q %s %v", text, enc, err)
	}
}
