// Command k3s starts a single-node Kubernetes cluster the way the rancher/k3s image does,
// from the components of the multi-call "kube" binary beside it: etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler and, unless --disable-agent is given,
// containerd, kubelet and kube-proxy. It accepts the subset of k3s's command line that
// tests use, writes the admin kubeconfig where k3s does and prints the log lines that
// tools waiting for k3s look for.
//
//	k3s server [--disable=traefik,metrics-server] [--tls-san=HOST] [--data-dir=DIR]
//	           [--https-listen-port=PORT] [--disable-agent] [--snapshotter=overlayfs|native]
//	k3s kubectl ...   k3s ctr ...   k3s --version
package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
)

var kubeVersion = "dev"

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: k3s server|kubectl|ctr|--version [args]")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "server":
		cfg, err := parseServerFlags(os.Args[2:])
		if err != nil {
			fmt.Fprintln(os.Stderr, "k3s server:", err)
			os.Exit(2)
		}
		if err := runServer(cfg); err != nil {
			logf("fatal: %v", err)
			os.Exit(1)
		}
	case "kubectl":
		if os.Getenv("KUBECONFIG") == "" {
			os.Setenv("KUBECONFIG", defaultKubeconfig)
		}
		execKube(append([]string{"kubectl"}, os.Args[2:]...))
	case "ctr":
		// Import into the snapshotter the server chose (see startAgent).
		if b, err := os.ReadFile("/var/lib/rancher/k3s/agent/etc/snapshotter"); err == nil && os.Getenv("CONTAINERD_SNAPSHOTTER") == "" {
			os.Setenv("CONTAINERD_SNAPSHOTTER", strings.TrimSpace(string(b)))
		}
		args := append([]string{"ctr", "--address", containerdSocket, "--namespace", "k8s.io"}, os.Args[2:]...)
		execPath("ctr", args)
	case "--version", "-v", "version":
		fmt.Printf("k3s version %s (single-node Kubernetes from upstream components)\n", kubeVersion)
	default:
		fmt.Fprintf(os.Stderr, "k3s: unknown command %q\n", os.Args[1])
		os.Exit(2)
	}
}

// kubeBinary is the multi-call binary with the Kubernetes components: beside this one,
// or named by KUBE_BINARY.
func kubeBinary() string {
	if p := os.Getenv("KUBE_BINARY"); p != "" {
		return p
	}
	self, err := os.Executable()
	if err == nil {
		if p := filepath.Join(filepath.Dir(self), "kube"); fileExists(p) {
			return p
		}
	}
	if p, err := exec.LookPath("kube"); err == nil {
		return p
	}
	return "/bin/kube"
}

func execKube(args []string) {
	bin := kubeBinary()
	if err := syscall.Exec(bin, append([]string{bin}, args[0:]...), os.Environ()); err != nil {
		fmt.Fprintln(os.Stderr, "k3s:", err)
		os.Exit(1)
	}
}

func execPath(name string, args []string) {
	p, err := exec.LookPath(name)
	if err != nil {
		fmt.Fprintln(os.Stderr, "k3s:", err)
		os.Exit(1)
	}
	if err := syscall.Exec(p, args, os.Environ()); err != nil {
		fmt.Fprintln(os.Stderr, "k3s:", err)
		os.Exit(1)
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
