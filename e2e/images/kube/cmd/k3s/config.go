package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

const (
	defaultKubeconfig = "/etc/rancher/k3s/k3s.yaml"
	containerdSocket  = "/run/k3s/containerd/containerd.sock"
)

type serverConfig struct {
	dataDir          string
	httpsPort        int
	bindAddress      string
	advertiseAddress string
	tlsSANs          []string
	disabled         map[string]bool
	disableAgent     bool
	snapshotter      string
	kubeconfigPath   string
	kubeconfigMode   os.FileMode
	nodeName         string
	clusterCIDR      string
	serviceCIDR      string
	clusterDNS       string
	clusterDomain    string
	manifestsSource  string
	extraArgs        map[string][]string // component -> extra --flag=value arguments
}

// parseServerFlags reads the part of k3s's server command line this launcher supports.
// Flags it does not know are reported and ignored, as their absence only matters for
// features this single-node cluster does not have.
func parseServerFlags(args []string) (*serverConfig, error) {
	host, _ := os.Hostname()
	cfg := &serverConfig{
		dataDir:         "/var/lib/rancher/k3s",
		httpsPort:       6443,
		bindAddress:     "0.0.0.0",
		disabled:        map[string]bool{},
		kubeconfigPath:  defaultKubeconfig,
		kubeconfigMode:  0o600,
		nodeName:        strings.ToLower(host),
		clusterCIDR:     "10.42.0.0/16",
		serviceCIDR:     "10.43.0.0/16",
		clusterDNS:      "10.43.0.10",
		clusterDomain:   "cluster.local",
		manifestsSource: "/usr/share/k3s/manifests",
		extraArgs:       map[string][]string{},
	}
	if v := os.Getenv("K3S_KUBECONFIG_OUTPUT"); v != "" {
		cfg.kubeconfigPath = v
	}
	if v := os.Getenv("K3S_NODE_NAME"); v != "" {
		cfg.nodeName = v
	}
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if !strings.HasPrefix(arg, "-") {
			return nil, fmt.Errorf("unexpected argument %q", arg)
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		needValue := func() (string, error) {
			if hasValue {
				return value, nil
			}
			if i+1 >= len(args) {
				return "", fmt.Errorf("flag --%s needs a value", name)
			}
			i++
			return args[i], nil
		}
		switch name {
		case "disable-agent":
			cfg.disableAgent = true
			continue
		case "write-kubeconfig-mode":
			v, err := needValue()
			if err != nil {
				return nil, err
			}
			mode, err := strconv.ParseUint(v, 8, 32)
			if err != nil {
				return nil, fmt.Errorf("--write-kubeconfig-mode: %v", err)
			}
			cfg.kubeconfigMode = os.FileMode(mode)
			continue
		}
		v, err := needValue()
		if err != nil {
			return nil, err
		}
		switch name {
		case "disable":
			for _, d := range splitList(v) {
				cfg.disabled[d] = true
			}
		case "tls-san":
			cfg.tlsSANs = append(cfg.tlsSANs, splitList(v)...)
		case "data-dir", "d":
			cfg.dataDir = v
		case "https-listen-port":
			p, err := strconv.Atoi(v)
			if err != nil {
				return nil, fmt.Errorf("--https-listen-port: %v", err)
			}
			cfg.httpsPort = p
		case "bind-address":
			cfg.bindAddress = v
		case "advertise-address", "node-ip":
			cfg.advertiseAddress = v
		case "snapshotter":
			cfg.snapshotter = v
		case "write-kubeconfig", "o":
			cfg.kubeconfigPath = v
		case "node-name":
			cfg.nodeName = v
		case "cluster-cidr":
			cfg.clusterCIDR = v
		case "service-cidr":
			cfg.serviceCIDR = v
		case "cluster-dns":
			cfg.clusterDNS = v
		case "cluster-domain":
			cfg.clusterDomain = v
		case "kube-apiserver-arg", "kube-controller-manager-arg", "kube-scheduler-arg",
			"kubelet-arg", "kube-proxy-arg", "etcd-arg":
			component := strings.TrimSuffix(name, "-arg")
			cfg.extraArgs[component] = append(cfg.extraArgs[component], "--"+strings.TrimLeft(v, "-"))
		default:
			logf("ignoring unsupported flag --%s=%s", name, v)
		}
	}
	return cfg, nil
}
