package crawl

import (
	"net/netip"
	"net/url"
	"slices"
	"testing"
	"time"
)

func TestRobots(t *testing.T) {
	const txt = "\ufeff# 清源大学\n" +
		"User-agent: *\nDisallow: /private/\nDisallow: /*.jsp$\nAllow: /private/public/\nCrawl-delay: 2\n\n" +
		"User-agent: BadBot\nUser-agent: OtherBot\nDisallow: /\n\n" +
		"User-agent: xxgk-archive\nDisallow: /tmp\nAllow: /tmp/keep\nDisallow: /通知/草稿/\nCrawl-delay: 0.5\n" +
		"Sitemap: https://jwc.qyu.edu.cn/sitemap.xml\n"
	ours := ParseRobots([]byte(txt), RobotsAgent)
	star := ParseRobots([]byte(txt), "somebot")
	bad := ParseRobots([]byte(txt), "otherbot")
	for _, tc := range []struct {
		r    *Robots
		path string
		want bool
	}{
		// Our own group applies, and only it: /private/ is open to us.
		{ours, "/private/a.htm", true},
		{ours, "/tmp", false},
		{ours, "/tmpfile.htm", false},
		{ours, "/tmp/keep/a.htm", true}, // longer Allow wins
		{ours, "/%E9%80%9A%E7%9F%A5/%E8%8D%89%E7%A8%BF/1.htm", false},
		{ours, "/%e9%80%9a%e7%9f%a5/x.htm", true},
		{ours, "/robots.txt", true},
		{star, "/private/a.htm", false},
		{star, "/private/public/a.htm", true},
		{star, "/list.jsp", false},
		{star, "/list.jsp?page=2", true}, // $ anchors the end
		{star, "/", true},
		{bad, "/anything", false}, // a group with two user-agent lines
		{DisallowAll, "/a", false},
		{DisallowAll, "/robots.txt", true},
		{AllowAll, "/a", true},
	} {
		if got := tc.r.Allowed(tc.path); got != tc.want {
			t.Errorf("Allowed(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
	if ours.CrawlDelay != 500*time.Millisecond || star.CrawlDelay != 2*time.Second {
		t.Errorf("crawl delays %v, %v", ours.CrawlDelay, star.CrawlDelay)
	}
	t.Run("EqualLengthAllowWins", func(t *testing.T) {
		r := ParseRobots([]byte("User-agent: *\nDisallow: /a\nAllow: /a\n"), RobotsAgent)
		if !r.Allowed("/a") {
			t.Error("Allow and Disallow of equal length: want allowed")
		}
	})
	t.Run("EmptyDisallowAllowsAll", func(t *testing.T) {
		r := ParseRobots([]byte("User-agent: *\nDisallow:\n"), RobotsAgent)
		if !r.Allowed("/x") {
			t.Error("empty Disallow: want allowed")
		}
	})
	t.Run("RulesBeforeAnyAgentIgnored", func(t *testing.T) {
		r := ParseRobots([]byte("Disallow: /\nUser-agent: *\nDisallow: /x\n"), RobotsAgent)
		if !r.Allowed("/y") || r.Allowed("/x") {
			t.Error("rules before the first User-agent line must belong to no group")
		}
	})
}

func FuzzRobots(f *testing.F) {
	f.Add([]byte("User-agent: *\nDisallow: /a*b$\nAllow: /\nCrawl-delay: 3\n"), "/a/b")
	f.Add([]byte("User-agent: xxgk\nDisallow: /\n"), "/")
	f.Fuzz(func(t *testing.T, data []byte, p string) {
		r := ParseRobots(data, RobotsAgent)
		r.Allowed(p)
		if !r.Allowed("/robots.txt") {
			t.Error("robots.txt disallowed")
		}
	})
}

func TestIsPublic(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1": false, "127.8.9.10": false, "::1": false, "10.1.2.3": false, "172.16.0.1": false,
		"172.31.255.255": false, "192.168.1.1": false, "169.254.169.254": false, "fe80::1": false,
		"fc00::1": false, "fd12:3456::1": false, "0.0.0.0": false, "::": false, "100.64.0.1": false,
		"224.0.0.1": false, "255.255.255.255": false, "::ffff:127.0.0.1": false, "::ffff:10.0.0.1": false,
		"64:ff9b::7f00:1": false, "2002:7f00:1::": false, "198.18.0.1": false,
		"202.112.0.36": true, "8.8.8.8": true, "172.32.0.1": true, "2001:da8::1": true, "::ffff:202.112.0.36": true,
		"64:ff9b::808:808": true,
	} {
		if got := IsPublic(netip.MustParseAddr(addr)); got != want {
			t.Errorf("IsPublic(%s) = %v, want %v", addr, got, want)
		}
	}
}

func TestCheckAddress(t *testing.T) {
	if err := checkAddress("tcp", "127.0.0.1:80", nil); !isPrivateRefusal(err) {
		t.Errorf("loopback: %v", err)
	}
	if err := checkAddress("tcp6", "[::1]:443", nil); !isPrivateRefusal(err) {
		t.Errorf("loopback v6: %v", err)
	}
	if err := checkAddress("tcp", "202.112.0.36:80", nil); err != nil {
		t.Errorf("public: %v", err)
	}
}

func TestCanonical(t *testing.T) {
	for in, want := range map[string]string{
		"HTTP://JWC.QYU.edu.cn:80":                         "http://jwc.qyu.edu.cn/",
		"https://jwc.qyu.edu.cn:443/a/b.htm#top":           "https://jwc.qyu.edu.cn/a/b.htm",
		"http://jwc.qyu.edu.cn:8080/x?b=1&a=2":             "http://jwc.qyu.edu.cn:8080/x?b=1&a=2",
		"http://jwc.qyu.edu.cn/info/1.htm;jsessionid=ABC1": "http://jwc.qyu.edu.cn/info/1.htm",
		"http://jwc.qyu.edu.cn/通知/1.htm":                   "http://jwc.qyu.edu.cn/%E9%80%9A%E7%9F%A5/1.htm",
		"ftp://jwc.qyu.edu.cn/a":                           "",
		"http://user:pw@jwc.qyu.edu.cn/":                   "",
		"/relative":                                        "",
	} {
		got, ok := CanonicalString(in)
		if got != want || ok != (want != "") {
			t.Errorf("Canonical(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestExtractLinks(t *testing.T) {
	base, _ := url.Parse("http://jwc.qyu.edu.cn/tzgg/info/1.htm")
	page := `<html><head><base href="/tzgg/"><meta http-equiv="refresh" content="30; URL='list1.htm'"></head><body>
<a href="info/2.htm">第2批通知</a> <a href="info/2.htm#x">重复</a> <a href="javascript:void(0)">打印</a>
<a href="mailto:a@b.c">信箱</a> <a href="/logo.gif">图片</a> <a href="/style.css">样式</a>
<iframe src="/frame.htm"></iframe>
<p>附件：<a href="/system/_content/download.jsp?wbfileid=5">评审名单</a> <a href="/files/说明.html">补充说明</a></p>
<p>正文中提到<a href="/news/1.htm">学校新闻</a>。</p>
<p><a href="/files/scan.jpg">扫描件.jpg</a> <a href="/dl?id=9">附件2：经费预算表.xlsx</a> <a href="/a.pdf">点击下载</a></p>
<a href="info/3.htm">未闭合`
	got := ExtractLinks(page, base)
	want := []Link{
		{URL: "http://jwc.qyu.edu.cn/tzgg/list1.htm"},
		{URL: "http://jwc.qyu.edu.cn/tzgg/info/2.htm", Text: "第2批通知"},
		{URL: "http://jwc.qyu.edu.cn/frame.htm"},
		{URL: "http://jwc.qyu.edu.cn/system/_content/download.jsp?wbfileid=5", Text: "评审名单", Attachment: true},
		{URL: "http://jwc.qyu.edu.cn/files/%E8%AF%B4%E6%98%8E.html", Text: "补充说明", Attachment: true},
		{URL: "http://jwc.qyu.edu.cn/news/1.htm", Text: "学校新闻"},
		{URL: "http://jwc.qyu.edu.cn/files/scan.jpg", Text: "扫描件.jpg", Attachment: true},
		{URL: "http://jwc.qyu.edu.cn/dl?id=9", Text: "附件2：经费预算表.xlsx", Attachment: true},
		{URL: "http://jwc.qyu.edu.cn/a.pdf", Text: "点击下载", Attachment: true},
		{URL: "http://jwc.qyu.edu.cn/tzgg/info/3.htm", Text: "未闭合"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("ExtractLinks:\n got %+v\nwant %+v", got, want)
	}
}

func FuzzExtractLinks(f *testing.F) {
	f.Add(`<a href="a.pdf">附件</a><base href="http://x/"><meta http-equiv=refresh content="0;url=b">`)
	f.Add(`<p>附件：<a href="//evil/..%2f">x</a>`)
	base, _ := url.Parse("http://jwc.qyu.edu.cn/a/")
	f.Fuzz(func(t *testing.T, page string) {
		for _, l := range ExtractLinks(page, base) {
			if _, ok := CanonicalString(l.URL); !ok {
				t.Errorf("non-canonical link %q", l.URL)
			}
		}
	})
}

func TestAttachmentTitle(t *testing.T) {
	for in, want := range map[string]string{
		"附件1：2023年度评审通过人员名单.xlsx": "2023年度评审通过人员名单",
		"附件二、经费预算表.PDF":           "经费预算表",
		"评审名单":                    "评审名单",
		"点击下载":                    "",
		"附件":                      "",
		"1.pdf":                   "",
	} {
		if got := AttachmentTitle(in); got != want {
			t.Errorf("AttachmentTitle(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsHub(t *testing.T) {
	links := []Link{{Text: "关于做好第1批教学工作的通知"}, {Text: "关于做好第2批教学工作的通知"}, {Text: "关于做好第3批教学工作的通知"},
		{Text: "名单", Attachment: true}}
	list := "关于做好第1批教学工作的通知2019-03-01\n关于做好第2批教学工作的通知2019-03-02\n关于做好第3批教学工作的通知2019-03-03\n下一页"
	if !IsHub(list, links) {
		t.Error("a list page is not a hub")
	}
	notice := "关于做好第1批教学工作的通知\n各学院：现将第一批本科教学工作安排通知如下。各学院应于三月一日前完成课程安排的核对，并将核对结果报送教务处教学运行科。任课教师须按照教学大纲组织教学，不得随意调课停课。\n相关通知：关于做好第2批教学工作的通知 关于做好第3批教学工作的通知"
	if IsHub(notice, links) {
		t.Error("a notice linking to two others is a hub")
	}
	if IsHub("附件：名单\n教务处", links) {
		t.Error("a notice with an attachment is a hub")
	}
}
