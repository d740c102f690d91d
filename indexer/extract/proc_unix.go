//go:build unix

package extract

import (
	"os/exec"
	"syscall"
	"time"
)

// isolate starts the program in a process group of its own and makes
// cancellation kill the whole group: soffice and tesseract start helper
// processes that would otherwise outlive a killed parent. WaitDelay stops
// Wait from hanging on a pipe that a stray grandchild still holds.
func isolate(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	cmd.WaitDelay = 5 * time.Second
}

// killGroup removes whatever the program left running in its group after
// it exited (LibreOffice's soffice.bin can linger after oosplash quits).
// The group was created for this one run, so nothing else is in it.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil && cmd.Process.Pid > 0 {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
