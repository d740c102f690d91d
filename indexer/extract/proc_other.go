//go:build !unix

package extract

import (
	"os/exec"
	"time"
)

// isolate only bounds Wait on systems without process groups.
func isolate(cmd *exec.Cmd) { cmd.WaitDelay = 5 * time.Second }

// killGroup has nothing to do without process groups.
func killGroup(*exec.Cmd) {}
