package crawl

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/indexer/extract"
	"github.com/xxgk-archive/archive/records"
)

// DefaultUserAgent says who is crawling and where to read about it.
const DefaultUserAgent = "xxgk-archive/1.0 (+https://github.com/xxgk-archive/archive; public disclosure archive crawler)"

// RobotsAgent is the product token matched against robots.txt User-agent
// lines.
const RobotsAgent = "xxgk-archive"

// Defaults applied by Options.SetDefaults.
const (
	DefaultDepth        = 5
	DefaultMaxPages     = 5000
	DefaultRate         = 1.0 // requests per second per host
	DefaultTimeout      = 30 * time.Second
	DefaultMaxBodyBytes = 64 << 20
	// MaxCrawlDelay caps a robots.txt Crawl-delay: a site asking for more
	// is crawled at one request per MaxCrawlDelay.
	MaxCrawlDelay = time.Minute
	// maxAttempts is how often a URL is tried when the server or the
	// network fails (5xx, 429, timeouts).
	maxAttempts = 3
	// maxRetryAfter caps the pause a 429/503 Retry-After asks for.
	maxRetryAfter = time.Minute
)

// Log attribute keys.
const (
	keyURL    = "url"
	keyStatus = "status"
	keyErr    = "err"
	keyReason = "reason"
)

// Options configure a crawl.
type Options struct {
	// Depth is how many links away from a seed pages are followed (the
	// seeds are depth 0). A page's attachments are fetched whatever its
	// depth.
	Depth int
	// MaxPages bounds the requests of one Run (pages and attachments,
	// robots.txt not counted). A run stopped by it is continued by the
	// next Run of the same seeds.
	MaxPages int
	// Rate is the number of requests per second sent to one host; a
	// robots.txt Crawl-delay slows it further.
	Rate float64
	// AllowPrivate lets the crawler connect to loopback, private and
	// link-local addresses (an intranet site, a test server).
	AllowPrivate bool
	// UserAgent is sent with every request.
	UserAgent string
	// Timeout bounds one request, body included.
	Timeout time.Duration
	// MaxBodyBytes refuses larger responses.
	MaxBodyBytes int64
	// Ingest configures how fetched documents become records (rules,
	// near-duplicate index, explicit category/department, visibility).
	Ingest indexer.IngestOptions
	// Progress, when set, is called after each URL is done.
	Progress func(Stats)
	Logger   *slog.Logger
}

// SetDefaults fills unset options.
func (o *Options) SetDefaults() {
	if o.Depth <= 0 {
		o.Depth = DefaultDepth
	}
	if o.MaxPages <= 0 {
		o.MaxPages = DefaultMaxPages
	}
	if o.Rate <= 0 {
		o.Rate = DefaultRate
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Ingest.Actor == "" {
		o.Ingest.Actor = "system:crawl"
	}
	if o.Ingest.Logger == nil {
		o.Ingest.Logger = o.Logger
	}
	if o.Ingest.MaxFileBytes <= 0 || o.Ingest.MaxFileBytes < o.MaxBodyBytes {
		o.Ingest.MaxFileBytes = o.MaxBodyBytes
	}
}

// Failure is a URL the crawl could not take in, with the reason.
type Failure struct {
	URL, Reason string
}

// Attachments are the attachment records of one page record.
type Attachments struct {
	PageID        string
	AttachmentIDs []string
}

// Stats is the outcome of a Run.
type Stats struct {
	Resumed      bool // the run continued an interrupted one
	Finished     bool // the frontier is empty: the next Run starts afresh
	LimitReached bool // stopped by MaxPages; the next Run continues
	Pending      int  // frontier entries left

	Requests    int // requests for frontier URLs (robots.txt not counted)
	Fetched     int // bodies received (200)
	NotModified int // documents answered 304 Not Modified: unchanged, nothing fetched
	SameContent int // documents fetched again with the same content hash: not re-ingested
	Attachments int // attachment bodies received
	Hubs        int // list and index pages: links followed, not archived (see IsHub)
	OffSite     int // links to other sites, not followed

	Inserted, Updated, Unchanged int // records, as ingest counted them

	Skipped        []Failure           // disallowed by robots.txt, not a document
	Failed         []Failure           // HTTP errors, refused addresses, network, size
	Rejected       []records.Rejection // fetched but not extractable
	Unclassified   []string            // records no rule gave a category (未分类)
	NearDuplicates []indexer.NearDuplicate
	Links          []Attachments // pages of the run and their attachments, linked in the records
	Elapsed        time.Duration
}

// Crawler fetches sites into the records. Open one per data folder; it is
// not safe for concurrent use.
type Crawler struct {
	store  *records.Store
	state  *state
	opt    Options
	client *http.Client
	log    *slog.Logger

	robots map[string]*Robots   // by scheme://host
	next   map[string]time.Time // by host: when the next request may go
	hosts  map[string]bool      // hosts of the seeds: the crawl's scope
}

// Open opens the crawl state in stateFile (created when missing) for
// crawls into store.
func Open(ctx context.Context, store *records.Store, stateFile string, opt Options) (*Crawler, error) {
	opt.SetDefaults()
	st, err := openState(ctx, stateFile)
	if err != nil {
		return nil, err
	}
	transport := &http.Transport{
		Proxy:                 nil, // a proxy would resolve names where the address check cannot see
		DialContext:           newDialer(opt.AllowPrivate, 10*time.Second).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: opt.Timeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	client := &http.Client{
		Transport: transport,
		Timeout:   opt.Timeout,
		// Redirects are followed by the crawler itself, so the target is
		// checked against the scope and robots.txt like any link.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &Crawler{store: store, state: st, opt: opt, client: client, log: opt.Logger,
		robots: map[string]*Robots{}, next: map[string]time.Time{}}, nil
}

// Close closes the crawl state.
func (c *Crawler) Close() error {
	c.client.CloseIdleConnections()
	return c.state.close()
}

// Run crawls from the seeds: it resumes the interrupted run of the same
// seeds, or starts a new one. It returns when the frontier is empty, when
// MaxPages requests have been made, or when ctx is cancelled (then with
// ctx's error; the next Run resumes where this one stopped, without
// fetching again what it finished). A failing page never stops the run; the
// error return is for the record store, the state file or ctx.
func (c *Crawler) Run(ctx context.Context, seeds []string) (Stats, error) {
	start := time.Now()
	var st Stats
	var canon []string
	c.hosts = map[string]bool{}
	for _, s := range seeds {
		u, ok := CanonicalString(s)
		if !ok {
			return st, fmt.Errorf("无效的网址 %q（只支持 http:// 和 https://）", s)
		}
		if !slices.Contains(canon, u) {
			canon = append(canon, u)
		}
		pu, _ := url.Parse(u)
		c.hosts[pu.Host] = true
	}
	if len(canon) == 0 {
		return st, errors.New("没有给出要抓取的网址")
	}
	slices.Sort(canon)
	r, err := c.state.startRun(ctx, canon, time.Now())
	if err != nil {
		return st, err
	}
	st.Resumed = r.resumed
	if r.resumed {
		c.log.Info("继续上次中断的抓取", "run", r.id)
	}

	runErr := c.loop(ctx, r, &st)
	// Whatever stopped the run, link the attachments stored so far to
	// their pages; a resumed run links what it adds.
	if err := c.linkAttachments(context.WithoutCancel(ctx), &st); err != nil && runErr == nil {
		runErr = err
	}
	if p, _, err := c.state.counts(context.WithoutCancel(ctx)); err == nil {
		st.Pending = p
	}
	st.Elapsed = time.Since(start)
	return st, runErr
}

func (c *Crawler) loop(ctx context.Context, r run, st *Stats) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if st.Requests >= c.opt.MaxPages {
			st.LimitReached = true
			return nil
		}
		cands, err := c.state.pending(ctx, 64)
		if err != nil {
			return err
		}
		if len(cands) == 0 {
			st.Finished = true
			return c.state.finishRun(ctx, r, time.Now())
		}
		e := c.pick(cands)
		out, err := c.process(ctx, e, st)
		if err != nil {
			return err
		}
		out.now = time.Now()
		if err := c.state.commit(ctx, out); err != nil {
			return err
		}
		if c.opt.Progress != nil {
			c.opt.Progress(*st)
		}
	}
}

// pick chooses the entry whose host may be asked soonest, keeping the
// breadth-first order among hosts that are ready.
func (c *Crawler) pick(cands []entry) entry {
	now := time.Now()
	best, bestAt := cands[0], time.Time{}
	for i, e := range cands {
		at := c.next[hostOf(e.url)]
		if !at.After(now) {
			return e
		}
		if i == 0 || at.Before(bestAt) {
			best, bestAt = e, at
		}
	}
	return best
}

func hostOf(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return pu.Host
}

// wait sleeps until host may be asked again.
func (c *Crawler) wait(ctx context.Context, host string) error {
	d := time.Until(c.next[host])
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// delay is the pause between two requests to host.
func (c *Crawler) delay(scheme, host string) time.Duration {
	d := time.Duration(float64(time.Second) / c.opt.Rate)
	if rb := c.robots[scheme+"://"+host]; rb != nil {
		d = max(d, min(rb.CrawlDelay, MaxCrawlDelay))
	}
	return d
}

// get sends one polite request: it waits for the host's turn and sets the
// next one.
func (c *Crawler) get(ctx context.Context, u *url.URL, prev *page) (*http.Response, error) {
	if err := c.wait(ctx, u.Host); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("crawl: request %s: %w", u, err)
	}
	req.Header.Set("User-Agent", c.opt.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/pdf,*/*;q=0.8")
	req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9")
	if prev != nil {
		if prev.etag != "" {
			req.Header.Set("If-None-Match", prev.etag)
		}
		if prev.lastModified != "" {
			req.Header.Set("If-Modified-Since", prev.lastModified)
		}
	}
	resp, err := c.client.Do(req)
	c.next[u.Host] = time.Now().Add(c.delay(u.Scheme, u.Host))
	return resp, err
}

// robotsFor returns the robots.txt rules of u's site, fetching them the
// first time the site is met in this process.
func (c *Crawler) robotsFor(ctx context.Context, u *url.URL) (*Robots, error) {
	key := u.Scheme + "://" + u.Host
	if rb, ok := c.robots[key]; ok {
		return rb, nil
	}
	rb, err := c.fetchRobots(ctx, &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"})
	if err != nil {
		return nil, err
	}
	c.robots[key] = rb
	// The pause after the robots.txt request itself already follows its
	// Crawl-delay.
	if next := time.Now().Add(c.delay(u.Scheme, u.Host)); next.After(c.next[u.Host]) {
		c.next[u.Host] = next
	}
	return rb, nil
}

// fetchRobots fetches and parses robots.txt (RFC 9309 §2.3): a missing
// file (4xx) allows everything; a server error or an unreachable server
// disallows everything for this process; up to five redirects are followed.
func (c *Crawler) fetchRobots(ctx context.Context, u *url.URL) (*Robots, error) {
	for range 5 {
		resp, err := c.get(ctx, u, nil)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			c.log.Debug("robots.txt 无法获取，暂不抓取该站点", keyURL, u.String(), keyErr, err)
			return &Robots{disallowAll: true, reason: describeError(err)}, nil
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxRobotsBytes))
		resp.Body.Close()
		switch {
		case resp.StatusCode >= 200 && resp.StatusCode < 300:
			return ParseRobots(body, RobotsAgent), nil
		case resp.StatusCode >= 300 && resp.StatusCode < 400:
			loc, err := resp.Location()
			if err != nil {
				return AllowAll, nil
			}
			u = loc
		case resp.StatusCode >= 400 && resp.StatusCode < 500:
			return AllowAll, nil
		default:
			return &Robots{disallowAll: true, reason: fmt.Sprintf("robots.txt 返回 HTTP %d，按规范暂不抓取该站点", resp.StatusCode)}, nil
		}
	}
	return AllowAll, nil
}

// describeError turns a fetch error into a sentence for the user.
func describeError(err error) string {
	if pe, ok := errors.AsType[*PrivateAddressError](err); ok {
		return pe.Error()
	}
	var ue *url.Error
	if errors.As(err, &ue) && ue.Timeout() {
		return "请求超时"
	}
	return "无法连接：" + err.Error()
}

// counterRe matches the view counters CMS templates print into pages
// (点击数：673): they change on every visit without the page changing.
var counterRe = regexp.MustCompile(`(?:点击数|点击量|点击|浏览次数|浏览量|浏览|阅读次数|阅读量|阅读|访问量|访问次数|访问)\s*[:：]?\s*\d+\s*次?`)

// textHash is the hash of what a page says: its title and text, view
// counters removed. A page whose bytes change but whose text does not (a new
// counter value, a rotated banner) is not a new version.
func textHash(r extract.Result) string {
	h := sha256.Sum256([]byte(r.Title + "\n" + counterRe.ReplaceAllString(r.Text, "")))
	return hex.EncodeToString(h[:])
}

// noteHub marks a page found to be a hub in the crawl state.
const noteHub = "hub"

// skippedType are responses that are not documents.
func skippedType(mt string) bool {
	switch {
	case strings.HasPrefix(mt, "video/"), strings.HasPrefix(mt, "audio/"), strings.HasPrefix(mt, "font/"),
		mt == "text/css", mt == "application/javascript", mt == "text/javascript",
		mt == "application/x-shockwave-flash", mt == "application/octet-stream+exe":
		return true
	}
	return false
}

// process fetches one frontier entry and decides what becomes of it.
func (c *Crawler) process(ctx context.Context, e entry, st *Stats) (outcome, error) {
	out := outcome{entry: e}
	done := func() (outcome, error) { return out, nil }
	fail := func(reason string) (outcome, error) {
		st.Failed = append(st.Failed, Failure{URL: e.url, Reason: reason})
		c.log.Debug("抓取失败", keyURL, e.url, keyReason, reason)
		return out, nil
	}
	retry := func(reason string) (outcome, error) {
		if e.attempts+1 >= maxAttempts {
			return fail(reason)
		}
		out.retry = true
		return out, nil
	}
	u, err := url.Parse(e.url)
	if err != nil {
		return fail("网址无效")
	}
	rb, err := c.robotsFor(ctx, u)
	if err != nil {
		return out, err
	}
	if rb.disallowAll && rb.reason != "" {
		return fail(rb.reason)
	}
	if !rb.Allowed(u.RequestURI()) {
		st.Skipped = append(st.Skipped, Failure{URL: e.url, Reason: "robots.txt 不允许抓取"})
		return done()
	}

	prev, known, err := c.state.page(ctx, e.url)
	if err != nil {
		return out, err
	}
	// Only a page that became a record (or was found to be a hub) may be
	// answered 304 or skipped for an unchanged hash: one that was rejected
	// (say, by a missing extractor) is fetched and ingested again, so it
	// gets in once it can.
	settled := known && (prev.docID != "" || prev.note == noteHub)
	var cond *page
	if settled {
		cond = &prev
	}
	st.Requests++
	resp, err := c.get(ctx, u, cond)
	if err != nil {
		if ctx.Err() != nil {
			st.Requests--
			return out, ctx.Err()
		}
		if isPrivateRefusal(err) {
			return fail(describeError(err))
		}
		return retry(describeError(err))
	}
	defer resp.Body.Close()
	c.log.Debug("已请求", keyURL, e.url, keyStatus, resp.StatusCode)

	switch code := resp.StatusCode; {
	case code == http.StatusNotModified && cond != nil:
		if prev.note == noteHub {
			st.Hubs++
		} else {
			st.NotModified++
		}
		links, err := c.state.links(ctx, e.url)
		if err != nil {
			return out, err
		}
		out.enqueue = c.children(e, links, st)
		prev.status = code
		out.page = &prev
		return done()
	case code >= 300 && code < 400:
		loc, err := resp.Location()
		if err != nil {
			return fail(fmt.Sprintf("HTTP %d 重定向但没有给出目标", code))
		}
		target, ok := Canonical(loc)
		switch {
		case !ok:
			return fail("重定向到不支持的网址 " + loc.String())
		case !c.inScope(target):
			st.OffSite++
			return fail("重定向到其他站点 " + target + "（未跟随；可直接抓取该网址）")
		}
		out.enqueue = []entry{{url: target, depth: e.depth, kind: e.kind, parent: e.parent, anchor: e.anchor}}
		out.page = &page{url: e.url, status: code, note: "重定向到 " + target, docID: prev.docID}
		return done()
	case code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable:
		if ra := retryAfter(resp.Header.Get("Retry-After")); ra > 0 {
			c.next[u.Host] = time.Now().Add(min(ra, maxRetryAfter))
		}
		return retry(fmt.Sprintf("服务器繁忙（HTTP %d）", code))
	case code >= 500:
		return retry(fmt.Sprintf("服务器错误（HTTP %d）", code))
	case code == http.StatusNotFound || code == http.StatusGone:
		out.page = &page{url: e.url, status: code, docID: prev.docID, note: "页面不存在"}
		return fail(fmt.Sprintf("页面不存在（HTTP %d）", code))
	case code != http.StatusOK:
		return fail(fmt.Sprintf("HTTP %d", code))
	}

	if resp.ContentLength > c.opt.MaxBodyBytes {
		return fail(fmt.Sprintf("文件过大（%.1f MB，上限 %d MB）", float64(resp.ContentLength)/(1<<20), c.opt.MaxBodyBytes>>20))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opt.MaxBodyBytes+1))
	if err != nil {
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
		return retry("读取内容出错：" + err.Error())
	}
	if int64(len(body)) > c.opt.MaxBodyBytes {
		return fail(fmt.Sprintf("文件过大（上限 %d MB）", c.opt.MaxBodyBytes>>20))
	}
	ct := resp.Header.Get("Content-Type")
	if ct == "" {
		ct = http.DetectContentType(body)
	}
	mt, params, _ := mime.ParseMediaType(ct)
	if skippedType(mt) || (e.kind == kindPage && strings.HasPrefix(mt, "image/")) {
		st.Skipped = append(st.Skipped, Failure{URL: e.url, Reason: "不是文档（" + mt + "）"})
		return done()
	}
	st.Fetched++
	if e.kind == kindAttachment {
		st.Attachments++
	}
	sum := sha256.Sum256(body)
	now := page{url: e.url, etag: resp.Header.Get("ETag"), lastModified: resp.Header.Get("Last-Modified"),
		sha256: hex.EncodeToString(sum[:]), status: http.StatusOK, contentType: ct, docID: prev.docID}
	now.textHash = now.sha256
	hub := false
	if mt == "text/html" || mt == "application/xhtml+xml" {
		var xo extract.Options
		xo.SetDefaults()
		xo.MaxBytes = c.opt.MaxBodyBytes
		if r, err := extract.HTML(body, params["charset"], xo); err == nil {
			now.textHash = textHash(r)
			if e.kind == kindPage {
				if decoded, _, _, _, err := extract.Decode(body, r.Encoding); err == nil {
					out.links = ExtractLinks(decoded, u)
					out.newLinks = true
					out.enqueue = c.children(e, out.links, st)
					hub = IsHub(r.Text, out.links)
				}
			}
		}
	}
	out.page = &now
	out.fetched = true
	if hub {
		st.Hubs++
		now.docID, now.note = "", noteHub
		return done()
	}
	if settled && (prev.sha256 == now.sha256 || prev.textHash == now.textHash) {
		st.SameContent++
		return done()
	}

	f := indexer.Fetched{URL: e.url, Data: body, ContentType: ct, Name: dispositionName(resp.Header.Get("Content-Disposition"))}
	if e.kind == kindAttachment {
		if t := AttachmentTitle(e.anchor); t != "" {
			f.Meta = map[string]string{"title": t}
		}
		f.Inherit, err = c.inherit(ctx, e.parent)
		if err != nil {
			return out, err
		}
	}
	sumr, err := indexer.IngestFetched(ctx, c.store, []indexer.Fetched{f}, c.opt.Ingest)
	if err != nil {
		return out, fmt.Errorf("crawl: store %s: %w", e.url, err)
	}
	st.Inserted += sumr.Inserted
	st.Updated += sumr.Updated
	st.Unchanged += sumr.Unchanged
	st.Rejected = append(st.Rejected, sumr.Rejected...)
	st.Unclassified = append(st.Unclassified, sumr.Unclassified...)
	st.NearDuplicates = append(st.NearDuplicates, sumr.NearDuplicates...)
	switch {
	case len(sumr.Rejected) > 0 || sumr.Documents == 0:
		now.docID = ""
		if len(sumr.Rejected) > 0 {
			now.note = sumr.Rejected[0].Reason
		}
	case sumr.Merged > 0:
		// The same bytes as a record from another source (the same PDF
		// attached to two notices): the store made this URL another
		// source of that record.
		if now.docID, err = c.recordOfSource(ctx, e.url); err != nil {
			return out, err
		}
	default:
		now.docID = indexer.DeriveID(e.url)
	}
	return done()
}

// recordOfSource returns the id of the record that has url among its
// sources.
//
// It reads the records' document_sources table directly; a records method
// answering the same question would be better.
func (c *Crawler) recordOfSource(ctx context.Context, url string) (string, error) {
	var id string
	err := c.store.QueryRowContext(ctx, `SELECT doc_id FROM document_sources WHERE source = ?
		ORDER BY added_at DESC LIMIT 1`, url).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("crawl: find the record of %s: %w", url, err)
	}
	return id, nil
}

// children are the frontier entries a page's links lead to: attachments
// whatever the depth, pages up to Options.Depth, on the seeds' hosts only.
func (c *Crawler) children(e entry, links []Link, st *Stats) []entry {
	var out []entry
	for _, l := range links {
		if !c.inScope(l.URL) {
			st.OffSite++
			continue
		}
		switch {
		case l.Attachment:
			out = append(out, entry{url: l.URL, depth: e.depth + 1, kind: kindAttachment, parent: e.url, anchor: l.Text})
		case e.depth+1 <= c.opt.Depth:
			out = append(out, entry{url: l.URL, depth: e.depth + 1, kind: kindPage, parent: e.url, anchor: l.Text})
		}
	}
	return out
}

// inScope reports whether a canonical URL is on one of the seeds' hosts.
func (c *Crawler) inScope(u string) bool { return c.hosts[hostOf(u)] }

// inherit returns the metadata an attachment takes from its page's record.
func (c *Crawler) inherit(ctx context.Context, parent string) (map[string]string, error) {
	if parent == "" {
		return nil, nil
	}
	p, ok, err := c.state.page(ctx, parent)
	if err != nil || !ok || p.docID == "" {
		return nil, err
	}
	d, err := c.store.Get(ctx, p.docID)
	if records.ErrorCode(err) == records.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("crawl: read page record %s: %w", p.docID, err)
	}
	return map[string]string{"category": d.Category, "department": d.Department, "published": d.Published}, nil
}

// linkAttachments links the records of the run's pages to the records of
// their attachments (records.LinkAttachment, from page to attachment).
// Links already recorded are left alone.
func (c *Crawler) linkAttachments(ctx context.Context, st *Stats) error {
	pages, err := c.state.attachmentsOfRun(ctx)
	if err != nil {
		return err
	}
	st.Links = pages
	var links []records.Link
	for _, p := range pages {
		for _, a := range p.AttachmentIDs {
			if a != p.PageID {
				links = append(links, records.Link{From: p.PageID, To: a, Kind: records.LinkAttachment})
			}
		}
	}
	if len(links) == 0 {
		return nil
	}
	if _, err := c.store.AddLinks(ctx, c.opt.Ingest.Actor, links); err != nil {
		return fmt.Errorf("crawl: link attachments: %w", err)
	}
	return nil
}

// dispositionName returns the file name of a Content-Disposition header.
func dispositionName(h string) string {
	if h == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(h)
	if err != nil {
		return ""
	}
	return params["filename"]
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(h string) time.Duration {
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		return time.Until(t)
	}
	return 0
}
