package extract

import (
	"strings"
	"testing"
)

func TestTextGBK(t *testing.T) {
	src := "\r\n  　　" + strings.ReplaceAll(noticeSimplified, "\n", "\r\n　　") + "\r\n\r\n"
	res, err := Text(gbk(t, src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkShape(t, res)
	if res.Format != FormatText || res.Encoding != EncGB18030 || res.EncodingSource != SourceDetected {
		t.Fatalf("got %s %s %s", res.Format, res.Encoding, res.EncodingSource)
	}
	if res.Title != "关于做好2024年秋季学期研究生课程考试工作的通知" {
		t.Errorf("title %q", res.Title)
	}
	if res.Text != noticeSimplified {
		t.Errorf("text\n%q\nwant\n%q", res.Text, noticeSimplified)
	}
}

func TestTextLines(t *testing.T) {
	src := "\n\n   标题　行  \t\n\n第一段\t\t有  空格\r第二段（旧 Mac 换行）\r\n\f\n最后一行\u00a0"
	res, err := Text([]byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkShape(t, res)
	if res.Title != "标题 行" {
		t.Errorf("title %q", res.Title)
	}
	want := "标题 行\n第一段 有 空格\n第二段（旧 Mac 换行）\n最后一行"
	if res.Text != want {
		t.Errorf("text %q, want %q", res.Text, want)
	}
}

func TestTextBig5UTF16(t *testing.T) {
	res, err := Text(big5(t, noticeTraditional), Options{})
	if err != nil || res.Encoding != EncBig5 || res.Title != "國立臺灣大學公告" {
		t.Fatalf("big5: %v %s %q", err, res.Encoding, res.Title)
	}
	res, err = Text(utf16LEWithBOM(t, noticeSimplified), Options{})
	if err != nil || res.Encoding != EncUTF16LE || res.Text != noticeSimplified {
		t.Fatalf("utf-16: %v %s", err, res.Encoding)
	}
}

func TestTextRejections(t *testing.T) {
	_, err := Text([]byte{}, Options{})
	wantRejection(t, err, CodeEmpty)
	_, err = Text([]byte("0123456789"), Options{MaxBytes: 9})
	wantRejection(t, err, CodeTooLarge)
	_, err = Text([]byte("\x00\x00\x00\x00abc"), Options{})
	wantRejection(t, err, CodeBinary)
}

func TestTextTruncatedGBK(t *testing.T) {
	data := gbk(t, noticeSimplified)
	res, err := Text(data[:len(data)-1], Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkShape(t, res)
	if !strings.HasSuffix(res.Text, "2024年12月10") || strings.Contains(res.Text, "\uFFFD") {
		t.Fatalf("tail %q", res.Text[len(res.Text)-20:])
	}
}

func TestTextOnlySpace(t *testing.T) {
	res, err := Text([]byte(" \n\t\n　"), Options{})
	if err != nil || res.Text != "" || res.Title != "" {
		t.Fatalf("got %q %q %v", res.Title, res.Text, err)
	}
}
