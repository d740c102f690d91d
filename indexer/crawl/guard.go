package crawl

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
	"time"
)

// PrivateAddressError is returned when a connection would go to a loopback,
// private, link-local or otherwise non-public address: a crawler pointed at
// a URL (or redirected, or handed a DNS answer) must not become a way into
// the archive's own network.
type PrivateAddressError struct {
	Addr netip.Addr
}

func (e *PrivateAddressError) Error() string {
	return fmt.Sprintf("拒绝连接内网或本机地址 %s（确需抓取内网站点时请加 --allow-private）", e.Addr)
}

// nonPublic are the special-purpose ranges (RFC 6890 and successors) that
// netip's predicates do not already cover.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("fec0::/10"),       // deprecated site-local
	netip.MustParsePrefix("100::/64"),        // discard-only
}

// Prefixes of IPv6 ranges that carry an IPv4 address in their last 32
// bits: the address they reach is that IPv4 address's.
var (
	nat64   = netip.MustParsePrefix("64:ff9b::/96")
	nat64L  = netip.MustParsePrefix("64:ff9b:1::/48")
	sixToIP = netip.MustParsePrefix("2002::/16")
)

// IsPublic reports whether addr is an address on the public Internet.
func IsPublic(addr netip.Addr) bool {
	addr = addr.Unmap().WithZone("")
	if !addr.IsValid() || addr.IsLoopback() || addr.IsPrivate() || addr.IsUnspecified() ||
		addr.IsLinkLocalUnicast() || addr.IsLinkLocalMulticast() || addr.IsInterfaceLocalMulticast() ||
		addr.IsMulticast() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(addr) {
			return false
		}
	}
	if addr.Is6() {
		b := addr.As16()
		switch {
		case nat64.Contains(addr), nat64L.Contains(addr):
			return IsPublic(netip.AddrFrom4([4]byte(b[12:16])))
		case sixToIP.Contains(addr):
			return IsPublic(netip.AddrFrom4([4]byte(b[2:6])))
		}
	}
	return true
}

// checkAddress is a net.Dialer Control function: it runs after name
// resolution, on the very address about to be connected to, so a DNS answer
// that changes between a check and the connection (DNS rebinding) cannot
// slip past it.
func checkAddress(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("crawl: dial %s: %w", address, err)
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("crawl: dial %s: %w", address, err)
	}
	if !IsPublic(addr) {
		return &PrivateAddressError{Addr: addr.Unmap()}
	}
	return nil
}

// newDialer returns the dialer of the crawler's connections.
func newDialer(allowPrivate bool, timeout time.Duration) *net.Dialer {
	d := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		d.Control = checkAddress
	}
	return d
}

// isPrivateRefusal reports whether err is (or wraps) a PrivateAddressError.
func isPrivateRefusal(err error) bool {
	_, ok := errors.AsType[*PrivateAddressError](err)
	return ok
}
