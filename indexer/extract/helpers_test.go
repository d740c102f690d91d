package extract

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// encodeWith converts UTF-8 test text to another encoding.
func encodeWith(t testing.TB, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

func gbk(t testing.TB, s string) []byte     { return encodeWith(t, simplifiedchinese.GBK, s) }
func gb18030(t testing.TB, s string) []byte { return encodeWith(t, simplifiedchinese.GB18030, s) }
func big5(t testing.TB, s string) []byte    { return encodeWith(t, traditionalchinese.Big5, s) }

func utf16LEWithBOM(t testing.TB, s string) []byte {
	return encodeWith(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), s)
}

func utf16BEWithBOM(t testing.TB, s string) []byte {
	return encodeWith(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), s)
}

// wantRejection asserts that err is a *Rejection with the given code and a
// non-empty Chinese reason.
func wantRejection(t *testing.T, err error, code string) *Rejection {
	t.Helper()
	var r *Rejection
	if !errors.As(err, &r) {
		t.Fatalf("error = %v (%T), want *Rejection with code %q", err, err, code)
	}
	if r.Code != code {
		t.Fatalf("code = %q (%s), want %q", r.Code, r.Reason, code)
	}
	if r.Reason == "" || r.Error() != r.Reason {
		t.Fatalf("reason %q / Error() %q", r.Reason, r.Error())
	}
	return r
}

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("text does not contain %q:\n%s", w, got)
		}
	}
}

func mustNotContain(t *testing.T, got string, bad ...string) {
	t.Helper()
	for _, w := range bad {
		if strings.Contains(got, w) {
			t.Errorf("text contains %q:\n%s", w, got)
		}
	}
}

// checkShape asserts the promises made about Result.Text and Title.
func checkShape(t testing.TB, res Result) {
	t.Helper()
	if !utf8.ValidString(res.Text) || !utf8.ValidString(res.Title) {
		t.Fatalf("result is not valid UTF-8: %q / %q", res.Title, res.Text)
	}
	if strings.Contains(res.Text, "\r") || strings.Contains(res.Text, "\n\n") {
		t.Fatalf("text has CR or empty lines: %q", res.Text)
	}
	for _, line := range strings.Split(res.Text, "\n") {
		if line != strings.TrimSpace(line) && res.Text != "" {
			t.Fatalf("line has surrounding space: %q", line)
		}
		if strings.Contains(line, "  ") || strings.Contains(line, "\t") {
			t.Fatalf("line has uncollapsed space: %q", line)
		}
	}
	if strings.Contains(res.Title, "\n") {
		t.Fatalf("title has a newline: %q", res.Title)
	}
	if res.Confidence < 0 || res.Confidence > 1 {
		t.Fatalf("confidence %v out of range", res.Confidence)
	}
}

// A realistic notice body, used by several tests.
const noticeSimplified = `关于做好2024年秋季学期研究生课程考试工作的通知
各学院、各部门：
根据学校教学工作安排，现将本学期研究生课程考试有关事项通知如下：
一、考试时间：第十八周至第十九周，具体时间由各学院统一安排。
二、请各学院按照规定做好考场安排、监考人员培训和试卷管理工作，确保考试安全。
三、学生须携带学生证和身份证参加考试，未按要求参加考试者成绩按零分计。
联系人：王老师，联系电话：010-12345678。
研究生院
2024年12月10日`

const noticeTraditional = `國立臺灣大學公告
主旨：公告本校一一三學年度第一學期期末考試相關事項，請查照。
說明：
一、依據本校學則及考試規則辦理。
二、各系所應於考試前完成試場安排，並請學生攜帶學生證應考。
三、如有疑問，請洽教務處註冊組，聯絡電話：(02)3366-1234。
教務處　中華民國一一三年十二月十日`
