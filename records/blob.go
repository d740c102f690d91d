package records

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"
)

// HashBytes returns the hex SHA-256 of b, the address of an original.
func HashBytes(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// BlobStore keeps original files content-addressed: the file for hash
// "ab12…" lives at ab/ab12…. A blob is written once and never modified.
type BlobStore struct {
	dir string
}

// NewBlobStore opens (creating if needed) a blob store in dir.
func NewBlobStore(dir string) (*BlobStore, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("records: create originals folder: %w", err)
	}
	return &BlobStore{dir: dir}, nil
}

func (b *BlobStore) path(hash string) string {
	return filepath.Join(b.dir, hash[:2], hash)
}

// put writes data under hash unless it is already there. The write goes to a
// temporary file renamed into place, so a crash never leaves a partial blob
// under a real address. It reports whether a new file was created.
func (b *BlobStore) put(hash string, data []byte) (bool, error) {
	p := b.path(hash)
	if _, err := os.Stat(p); err == nil {
		return false, nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return false, fmt.Errorf("records: create blob folder: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return false, fmt.Errorf("records: create blob: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return false, fmt.Errorf("records: write blob: %w", err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return false, fmt.Errorf("records: close blob: %w", err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		os.Remove(tmp.Name())
		return false, fmt.Errorf("records: place blob: %w", err)
	}
	return true, nil
}

// sync flushes the file system holding the blobs: one call per batch instead
// of one fsync per file, which is what keeps ingest of many small originals
// fast while still committing no record before its original is durable.
func (b *BlobStore) sync() error {
	f, err := os.Open(b.dir)
	if err != nil {
		return fmt.Errorf("records: open originals folder: %w", err)
	}
	defer f.Close()
	if err := unix.Syncfs(int(f.Fd())); err != nil {
		return fmt.Errorf("records: sync originals: %w", err)
	}
	return nil
}

// Open opens the original with the given hash.
func (b *BlobStore) Open(hash string) (io.ReadCloser, error) {
	if len(hash) != sha256.Size*2 {
		return nil, Errorf(EINVALID, "无效的 SHA-256：%q", hash)
	}
	f, err := os.Open(b.path(hash))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, Errorf(ENOTFOUND, "原始文件 %s 不存在", hash)
	}
	if err != nil {
		return nil, fmt.Errorf("records: open blob: %w", err)
	}
	return f, nil
}

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeFormat, s)
	return t
}
