package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

func logf(format string, args ...any) {
	fmt.Printf("time=%q level=info msg=%q\n", time.Now().UTC().Format(time.RFC3339), fmt.Sprintf(format, args...))
}

// supervisor starts the components as child processes and is the only one that waits
// for processes: as PID 1 of a container it also reaps orphans (containerd's shims), so
// one loop collects every exit status and hands it to whoever started that process.
type supervisor struct {
	logDir string
	mu     sync.Mutex
	exits  map[int]chan syscall.WaitStatus
	procs  []*proc
	failed chan string
}

type proc struct {
	name    string
	pid     int
	logPath string
	exit    chan syscall.WaitStatus
}

func newSupervisor(logDir string) (*supervisor, error) {
	if err := os.MkdirAll(logDir, 0o755); err != nil {
		return nil, err
	}
	s := &supervisor{logDir: logDir, exits: map[int]chan syscall.WaitStatus{}, failed: make(chan string, 16)}
	go s.reap()
	return s, nil
}

func (s *supervisor) reap() {
	for {
		var ws syscall.WaitStatus
		pid, err := syscall.Wait4(-1, &ws, 0, nil)
		if err == syscall.ECHILD {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		if err != nil || pid <= 0 {
			continue
		}
		s.mu.Lock()
		ch := s.exits[pid]
		delete(s.exits, pid)
		s.mu.Unlock()
		if ch != nil {
			ch <- ws
		}
	}
}

func (s *supervisor) start(name string, logName string, bin string, args []string, env []string) (*proc, error) {
	logPath := filepath.Join(s.logDir, logName+".log")
	out, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	defer out.Close()
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.Env = append(os.Environ(), env...)
	ch := make(chan syscall.WaitStatus, 1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	s.exits[cmd.Process.Pid] = ch
	return &proc{name: name, pid: cmd.Process.Pid, logPath: logPath, exit: ch}, nil
}

// daemon starts a long-running component; its exit ends the server.
func (s *supervisor) daemon(name string, bin string, args []string, env ...string) error {
	logf("Running %s %s", name, strings.Join(args, " "))
	p, err := s.start(name, name, bin, args, env)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.procs = append(s.procs, p)
	s.mu.Unlock()
	go func() {
		ws := <-p.exit
		s.failed <- fmt.Sprintf("%s exited (%v); last lines of %s:\n%s", name, describe(ws), p.logPath, tail(p.logPath, 40))
	}()
	return nil
}

// run runs a short command to its end and returns its output.
func (s *supervisor) run(name string, bin string, args ...string) (string, error) {
	p, err := s.start(name, "run-"+name, bin, args, nil)
	if err != nil {
		return "", err
	}
	ws := <-p.exit
	output := tail(p.logPath, 20)
	os.Remove(p.logPath)
	if !ws.Exited() || ws.ExitStatus() != 0 {
		return output, fmt.Errorf("%s %s: %v: %s", bin, strings.Join(args, " "), describe(ws), output)
	}
	return output, nil
}

// wait blocks until a component fails or the server is told to stop, then stops the rest
// in reverse order of their start.
func (s *supervisor) wait() error {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	var result error
	select {
	case msg := <-s.failed:
		result = fmt.Errorf("%s", msg)
	case sig := <-sigs:
		logf("Received %v, shutting down", sig)
	}
	s.stopAll()
	return result
}

func (s *supervisor) stopAll() {
	s.mu.Lock()
	procs := append([]*proc(nil), s.procs...)
	s.mu.Unlock()
	for i := len(procs) - 1; i >= 0; i-- {
		_ = syscall.Kill(procs[i].pid, syscall.SIGTERM)
		time.Sleep(200 * time.Millisecond)
	}
	deadline := time.Now().Add(10 * time.Second)
	for _, p := range procs {
		for time.Now().Before(deadline) && syscall.Kill(p.pid, 0) == nil {
			time.Sleep(100 * time.Millisecond)
		}
		_ = syscall.Kill(p.pid, syscall.SIGKILL)
	}
}

func describe(ws syscall.WaitStatus) string {
	if ws.Signaled() {
		return "signal " + ws.Signal().String()
	}
	return fmt.Sprintf("exit status %d", ws.ExitStatus())
}

func tail(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	return strings.Join(lines, "\n")
}
