package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const overlayfsMagic = 0x794c7630

// prepareContainerHost makes the container a usable node: mounts shared so volume
// mounts propagate, and on cgroup v2 with a private cgroup namespace moves its own
// processes out of the namespace root so the kubelet can enable controllers below it.
func prepareContainerHost() {
	if os.Getpid() != 1 {
		return
	}
	if !fileExists("/etc/machine-id") {
		// The kubelet reports it as the node's system UUID.
		id := make([]byte, 16)
		if _, err := rand.Read(id); err == nil {
			_ = os.WriteFile("/etc/machine-id", []byte(hex.EncodeToString(id)+"\n"), 0o444)
		}
	}
	if err := syscall.Mount("", "/", "", syscall.MS_SHARED|syscall.MS_REC, ""); err != nil {
		logf("could not make / a shared mount: %v", err)
	}
	if !fileExists("/sys/fs/cgroup/cgroup.controllers") {
		return // cgroup v1: the kubelet creates its hierarchy under each controller
	}
	self, _ := os.ReadFile("/proc/self/cgroup")
	if strings.TrimSpace(string(self)) != "0::/" {
		return // not at the root of a cgroup namespace (the host's namespace, as K3sContainer uses)
	}
	initDir := "/sys/fs/cgroup/init"
	if err := os.MkdirAll(initDir, 0o755); err != nil {
		logf("cgroup v2: %v", err)
		return
	}
	procs, _ := os.ReadFile("/sys/fs/cgroup/cgroup.procs")
	for _, pid := range strings.Fields(string(procs)) {
		_ = os.WriteFile(filepath.Join(initDir, "cgroup.procs"), []byte(pid), 0o644)
	}
	controllers, _ := os.ReadFile("/sys/fs/cgroup/cgroup.controllers")
	var enable []string
	for _, c := range strings.Fields(string(controllers)) {
		enable = append(enable, "+"+c)
	}
	if err := os.WriteFile("/sys/fs/cgroup/cgroup.subtree_control", []byte(strings.Join(enable, " ")), 0o644); err != nil {
		logf("cgroup v2: enabling controllers: %v", err)
	}
}

func startAgent(cfg *serverConfig, sup *supervisor, kube string, p *pki, kubeconfigs map[string]string, agentDir, nodeIP string) error {
	etcDir := filepath.Join(agentDir, "etc")
	cniConfDir := filepath.Join(etcDir, "cni", "net.d")
	containerdRoot := filepath.Join(agentDir, "containerd")
	for _, d := range []string{cniConfDir, containerdRoot, filepath.Join(agentDir, "images"),
		filepath.Dir(containerdSocket), "/var/lib/kubelet", "/var/lib/cni"} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	snapshotter := cfg.snapshotter
	if snapshotter == "" {
		snapshotter = "overlayfs"
		var st syscall.Statfs_t
		// overlayfs cannot be stacked on overlayfs: without a volume for the data
		// directory (the image declares one) fall back to copying snapshots.
		if err := syscall.Statfs(containerdRoot, &st); err == nil && st.Type == overlayfsMagic {
			snapshotter = "native"
		}
	}
	logf("Using the %s snapshotter", snapshotter)
	// k3s ctr reads it to import images into the snapshotter in use.
	_ = os.WriteFile(filepath.Join(etcDir, "snapshotter"), []byte(snapshotter), 0o644)

	cniBin := "/usr/lib/cni"
	if !fileExists(filepath.Join(cniBin, "bridge")) && fileExists("/opt/cni/bin/bridge") {
		cniBin = "/opt/cni/bin"
	}
	pauseImage := envOr("K3S_PAUSE_IMAGE", "docker.io/rancher/mirrored-pause:3.6")
	containerdConfig := fmt.Sprintf(`version = 2
root = %q
state = "/run/k3s/containerd"

[grpc]
  address = %q

[plugins."io.containerd.internal.v1.opt"]
  path = %q

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = %q
  enable_selinux = false
  restrict_oom_score_adj = %t
  stream_server_address = "127.0.0.1"
  stream_server_port = "10010"

[plugins."io.containerd.grpc.v1.cri".containerd]
  snapshotter = %q
  default_runtime_name = "runc"
  disable_snapshot_annotations = true

[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"

[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
  SystemdCgroup = false

[plugins."io.containerd.grpc.v1.cri".cni]
  bin_dir = %q
  conf_dir = %q
`, containerdRoot, containerdSocket, filepath.Join(agentDir, "containerd-opt"), pauseImage, !hasCapability(capSysResource),
		snapshotter, cniBin, cniConfDir)
	configPath := filepath.Join(etcDir, "containerd", "config.toml")
	if err := writeFile(configPath, containerdConfig); err != nil {
		return err
	}

	// One bridge for the single node, with the pod subnet of the node's first /24.
	podSubnet, podGateway, err := nodeSubnet(cfg.clusterCIDR)
	if err != nil {
		return err
	}
	cni := fmt.Sprintf(`{
  "cniVersion": "0.4.0",
  "name": "cbr0",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "cni0",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{"subnet": %q, "gateway": %q}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
`, podSubnet, podGateway)
	if err := writeFile(filepath.Join(cniConfDir, "10-bridge.conflist"), cni); err != nil {
		return err
	}

	containerd, err := exec.LookPath("containerd")
	if err != nil {
		return fmt.Errorf("containerd is not installed: %w", err)
	}
	if err := sup.daemon("containerd", containerd, []string{"--config", configPath}); err != nil {
		return err
	}
	if err := waitFor("containerd", 60*time.Second, sup, func() error {
		_, err := sup.run("ctr-version", "ctr", "--address", containerdSocket, "version")
		return err
	}); err != nil {
		return err
	}
	logf("Containerd is now running")
	images, _ := filepath.Glob(filepath.Join(agentDir, "images", "*.tar"))
	for _, img := range images {
		start := time.Now()
		if _, err := sup.run("ctr-import", "ctr", "--address", containerdSocket, "--namespace", "k8s.io",
			"images", "import", "--snapshotter", snapshotter, img); err != nil {
			return fmt.Errorf("importing %s: %w", img, err)
		}
		logf("Imported images from %s in %s", img, time.Since(start).Round(time.Millisecond))
	}

	kubeletConfig := fmt.Sprintf(`apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: %q
authorization:
  mode: Webhook
cgroupDriver: cgroupfs
clusterDNS: [%q]
clusterDomain: %q
containerRuntimeEndpoint: unix://%s
failSwapOn: false
failCgroupV1: false
tlsCertFile: %q
tlsPrivateKeyFile: %q
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
serializeImagePulls: false
evictionHard:
  imagefs.available: "1%%"
  nodefs.available: "1%%"
  memory.available: "50Mi"
imageGCHighThresholdPercent: 99
imageGCLowThresholdPercent: 98
resolvConf: /etc/resolv.conf
podCIDR: %q
`, p.path("ca.crt"), cfg.clusterDNS, cfg.clusterDomain, containerdSocket,
		p.path("serving-kubelet.crt"), p.path("serving-kubelet.key"), podSubnet)
	kubeletConfigPath := filepath.Join(etcDir, "kubelet.yaml")
	if err := writeFile(kubeletConfigPath, kubeletConfig); err != nil {
		return err
	}
	kubeletArgs := []string{"kubelet",
		"--config=" + kubeletConfigPath,
		"--kubeconfig=" + kubeconfigs["kubelet"],
		"--hostname-override=" + cfg.nodeName,
		"--node-ip=" + nodeIP,
		"--root-dir=/var/lib/kubelet",
	}
	if err := sup.daemon("kubelet", kube, append(kubeletArgs, cfg.extraArgs["kubelet"]...)); err != nil {
		return err
	}
	proxyArgs := []string{"kube-proxy",
		"--kubeconfig=" + kubeconfigs["kube-proxy"],
		"--hostname-override=" + cfg.nodeName,
		"--cluster-cidr=" + cfg.clusterCIDR,
		"--proxy-mode=iptables",
		// Leave the kernel's conntrack settings alone: inside a container they are the host's.
		"--conntrack-max-per-core=0",
		"--conntrack-tcp-timeout-established=0s",
		"--conntrack-tcp-timeout-close-wait=0s",
		"--healthz-bind-address=127.0.0.1:10256",
		"--metrics-bind-address=127.0.0.1:10249",
	}
	return sup.daemon("kube-proxy", kube, append(proxyArgs, cfg.extraArgs["kube-proxy"]...))
}

const capSysResource = 24

// hasCapability tells whether the capability is in this process's bounding set. Without
// CAP_SYS_RESOURCE (some sandboxes withhold it even from privileged containers) runc cannot
// lower a container's oom_score_adj, so containerd must not ask it to.
func hasCapability(bit uint) bool {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return true
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "CapBnd:"); ok {
			mask, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
			return err != nil || mask&(1<<bit) != 0
		}
	}
	return true
}

// nodeSubnet returns the first /24 of the cluster CIDR and its gateway address.
func nodeSubnet(clusterCIDR string) (string, string, error) {
	_, n, err := net.ParseCIDR(clusterCIDR)
	if err != nil || n.IP.To4() == nil {
		return "", "", fmt.Errorf("cluster CIDR %q must be an IPv4 network", clusterCIDR)
	}
	ip := n.IP.To4()
	return fmt.Sprintf("%d.%d.%d.0/24", ip[0], ip[1], ip[2]), fmt.Sprintf("%d.%d.%d.1", ip[0], ip[1], ip[2]), nil
}

func writeFile(path, text string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(text), 0o644)
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
