package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

func runServer(cfg *serverConfig) error {
	logf("Starting single-node Kubernetes %s (k3s-compatible launcher)", kubeVersion)
	kube := kubeBinary()
	dataDir, err := filepath.Abs(cfg.dataDir)
	if err != nil {
		return err
	}
	serverDir := filepath.Join(dataDir, "server")
	agentDir := filepath.Join(dataDir, "agent")
	for _, d := range []string{serverDir, filepath.Join(serverDir, "manifests"), filepath.Join(serverDir, "cred")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	if !cfg.disableAgent {
		prepareContainerHost()
	}

	nodeIP := cfg.advertiseAddress
	if nodeIP == "" {
		if cfg.disableAgent {
			nodeIP = "127.0.0.1"
		} else {
			nodeIP = detectNodeIP()
		}
	}
	sup, err := newSupervisor(filepath.Join(dataDir, "logs"))
	if err != nil {
		return err
	}

	// Certificates and kubeconfigs.
	p, err := loadOrCreatePKI(filepath.Join(serverDir, "tls"))
	if err != nil {
		return fmt.Errorf("certificates: %w", err)
	}
	serviceIP, err := firstIP(cfg.serviceCIDR)
	if err != nil {
		return err
	}
	sans := []string{"kubernetes", "kubernetes.default", "kubernetes.default.svc",
		"kubernetes.default.svc." + cfg.clusterDomain, "localhost", cfg.nodeName}
	ips := []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP(nodeIP), serviceIP}
	for _, san := range cfg.tlsSANs {
		if ip := net.ParseIP(san); ip != nil {
			ips = append(ips, ip)
		} else {
			sans = append(sans, san)
		}
	}
	// The serving certificate is issued anew at each start so new --tls-san values apply.
	os.Remove(p.path("serving-kube-apiserver.crt"))
	issues := []struct {
		name, cn string
		orgs     []string
		dns      []string
		ips      []net.IP
		server   bool
	}{
		{"serving-kube-apiserver", "kube-apiserver", nil, sans, ips, true},
		{"client-admin", "system:admin", []string{"system:masters"}, nil, nil, false},
		{"client-kube-apiserver", "system:kube-apiserver", []string{"system:masters"}, nil, nil, false},
		{"client-controller", "system:kube-controller-manager", nil, nil, nil, false},
		{"client-scheduler", "system:kube-scheduler", nil, nil, nil, false},
		{"client-kube-proxy", "system:kube-proxy", nil, nil, nil, false},
		{"client-kubelet", "system:node:" + cfg.nodeName, []string{"system:nodes"}, nil, nil, false},
		{"serving-kubelet", cfg.nodeName, nil, []string{cfg.nodeName, "localhost"},
			[]net.IP{net.ParseIP("127.0.0.1"), net.ParseIP(nodeIP)}, true},
	}
	for _, c := range issues {
		if err := p.issue(c.name, c.cn, c.orgs, c.dns, c.ips, c.server); err != nil {
			return fmt.Errorf("certificate %s: %w", c.name, err)
		}
	}
	saKey, err := p.serviceAccountKey()
	if err != nil {
		return err
	}
	local := fmt.Sprintf("https://127.0.0.1:%d", cfg.httpsPort)
	kubeconfigs := map[string]string{}
	for _, name := range []string{"admin", "controller", "scheduler", "kube-proxy", "kubelet"} {
		path := filepath.Join(serverDir, "cred", name+".kubeconfig")
		if err := p.kubeconfig(path, local, "client-"+name, 0o600); err != nil {
			return err
		}
		kubeconfigs[name] = path
	}

	// etcd, listening on loopback only. Without an agent (a control plane for tests on a
	// developer's machine) its ports are chosen free so several can run side by side.
	clientPort, peerPort := 2379, 2380
	if cfg.disableAgent {
		if clientPort, err = freePort(); err != nil {
			return err
		}
		if peerPort, err = freePort(); err != nil {
			return err
		}
	}
	etcdURL := fmt.Sprintf("http://127.0.0.1:%d", clientPort)
	peerURL := fmt.Sprintf("http://127.0.0.1:%d", peerPort)
	err = sup.daemon("etcd", kube, append([]string{"etcd",
		"--name=" + cfg.nodeName,
		"--data-dir=" + filepath.Join(serverDir, "db", "etcd"),
		"--listen-client-urls=" + etcdURL, "--advertise-client-urls=" + etcdURL,
		"--listen-peer-urls=" + peerURL, "--initial-advertise-peer-urls=" + peerURL,
		"--initial-cluster=" + cfg.nodeName + "=" + peerURL,
		"--listen-metrics-urls=",
		// A throw-away test cluster: no fsync, as k3s's default SQLite store in tests.
		"--unsafe-no-fsync=true",
		"--log-level=warn",
	}, cfg.extraArgs["etcd"]...))
	if err != nil {
		return err
	}
	if err := waitFor("etcd", 60*time.Second, sup, func() error { return httpOK(http.DefaultClient, etcdURL+"/health") }); err != nil {
		return err
	}

	apiArgs := []string{"kube-apiserver",
		"--etcd-servers=" + etcdURL,
		"--bind-address=" + cfg.bindAddress,
		"--secure-port=" + strconv.Itoa(cfg.httpsPort),
		"--advertise-address=" + nodeIP,
		"--service-cluster-ip-range=" + cfg.serviceCIDR,
		"--client-ca-file=" + p.path("ca.crt"),
		"--tls-cert-file=" + p.path("serving-kube-apiserver.crt"),
		"--tls-private-key-file=" + p.path("serving-kube-apiserver.key"),
		"--kubelet-client-certificate=" + p.path("client-kube-apiserver.crt"),
		"--kubelet-client-key=" + p.path("client-kube-apiserver.key"),
		"--kubelet-certificate-authority=" + p.path("ca.crt"),
		"--service-account-key-file=" + saKey,
		"--service-account-signing-key-file=" + saKey,
		"--service-account-issuer=https://kubernetes.default.svc." + cfg.clusterDomain,
		"--api-audiences=https://kubernetes.default.svc." + cfg.clusterDomain + ",k3s",
		"--authorization-mode=Node,RBAC",
		"--enable-admission-plugins=NodeRestriction",
		"--allow-privileged=true",
		"--anonymous-auth=false",
		"--profiling=false",
		"--enable-aggregator-routing=true",
	}
	if err := sup.daemon("kube-apiserver", kube, append(apiArgs, cfg.extraArgs["kube-apiserver"]...)); err != nil {
		return err
	}
	admin, err := adminClient(p)
	if err != nil {
		return err
	}
	if err := waitFor("kube-apiserver", 120*time.Second, sup, func() error { return httpOK(admin, local+"/readyz") }); err != nil {
		return err
	}
	logf("Kube API server is now running")
	if err := p.kubeconfig(cfg.kubeconfigPath, local, "client-admin", cfg.kubeconfigMode); err != nil {
		return fmt.Errorf("writing %s: %w", cfg.kubeconfigPath, err)
	}
	logf("Wrote kubeconfig %s", cfg.kubeconfigPath)

	cmArgs := []string{"kube-controller-manager",
		"--kubeconfig=" + kubeconfigs["controller"],
		"--authentication-kubeconfig=" + kubeconfigs["controller"],
		"--authorization-kubeconfig=" + kubeconfigs["controller"],
		"--secure-port=0",
		"--leader-elect=false",
		"--service-account-private-key-file=" + saKey,
		"--root-ca-file=" + p.path("ca.crt"),
		"--cluster-signing-cert-file=" + p.path("ca.crt"),
		"--cluster-signing-key-file=" + p.path("ca.key"),
		"--use-service-account-credentials=true",
		"--allocate-node-cidrs=true",
		"--cluster-cidr=" + cfg.clusterCIDR,
		"--service-cluster-ip-range=" + cfg.serviceCIDR,
		"--configure-cloud-routes=false",
		"--controllers=*,tokencleaner",
		"--profiling=false",
	}
	if err := sup.daemon("kube-controller-manager", kube, append(cmArgs, cfg.extraArgs["kube-controller-manager"]...)); err != nil {
		return err
	}
	schedArgs := []string{"kube-scheduler",
		"--kubeconfig=" + kubeconfigs["scheduler"],
		"--authentication-kubeconfig=" + kubeconfigs["scheduler"],
		"--authorization-kubeconfig=" + kubeconfigs["scheduler"],
		"--secure-port=0",
		"--leader-elect=false",
		"--profiling=false",
	}
	if err := sup.daemon("kube-scheduler", kube, append(schedArgs, cfg.extraArgs["kube-scheduler"]...)); err != nil {
		return err
	}

	manifests, err := stageManifests(cfg, filepath.Join(serverDir, "manifests"))
	if err != nil {
		return err
	}
	manifestsApplied := make(chan error, 1)
	go func() { manifestsApplied <- applyManifests(sup, kube, kubeconfigs["admin"], manifests) }()

	if cfg.disableAgent {
		if err := <-manifestsApplied; err != nil {
			return err
		}
		logf("k3s is up and running")
		return sup.wait()
	}

	if err := startAgent(cfg, sup, kube, p, kubeconfigs, agentDir, nodeIP); err != nil {
		return err
	}
	if err := waitFor("node "+cfg.nodeName+" to be Ready", 180*time.Second, sup, func() error {
		return nodeReady(admin, local, cfg.nodeName)
	}); err != nil {
		return err
	}
	if err := <-manifestsApplied; err != nil {
		return err
	}
	logf("k3s is up and running")
	// The line tools waiting for k3s (Testcontainers' K3sContainer) look for.
	logf("Node controller sync successful")
	return sup.wait()
}

// stageManifests copies the bundled manifests that are not disabled into the server's
// manifests directory (where users may add their own, as with k3s), filling in the
// cluster's DNS settings, and returns every manifest there in name order.
func stageManifests(cfg *serverConfig, dir string) ([]string, error) {
	bundled, _ := filepath.Glob(filepath.Join(cfg.manifestsSource, "*.yaml"))
	for _, src := range bundled {
		name := strings.TrimSuffix(filepath.Base(src), ".yaml")
		dst := filepath.Join(dir, filepath.Base(src))
		if cfg.disabled[name] {
			os.Remove(dst)
			continue
		}
		data, err := os.ReadFile(src)
		if err != nil {
			return nil, err
		}
		text := strings.NewReplacer("%{CLUSTER_DNS}%", cfg.clusterDNS, "%{CLUSTER_DOMAIN}%", cfg.clusterDomain).Replace(string(data))
		if err := os.WriteFile(dst, []byte(text), 0o644); err != nil {
			return nil, err
		}
	}
	all, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	sort.Strings(all)
	return all, err
}

func applyManifests(sup *supervisor, kube, kubeconfig string, manifests []string) error {
	for _, m := range manifests {
		deadline := time.Now().Add(120 * time.Second)
		for {
			_, err := sup.run("kubectl-apply", kube, "kubectl", "--kubeconfig="+kubeconfig, "apply", "--server-side", "--force-conflicts", "-f", m)
			if err == nil {
				logf("Applied manifest %s", m)
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("applying %s: %w", m, err)
			}
			time.Sleep(2 * time.Second)
		}
	}
	return nil
}

func adminClient(p *pki) (*http.Client, error) {
	cert, err := tls.LoadX509KeyPair(p.path("client-admin.crt"), p.path("client-admin.key"))
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(p.caCert)
	return &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cert}},
	}}, nil
}

func httpOK(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s: %s", url, resp.Status, body)
	}
	return nil
}

func nodeReady(c *http.Client, server, name string) error {
	resp, err := c.Get(server + "/api/v1/nodes/" + name)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("node %s: %s", name, resp.Status)
	}
	var node struct {
		Status struct {
			Conditions []struct{ Type, Status, Message string }
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&node); err != nil {
		return err
	}
	for _, c := range node.Status.Conditions {
		if c.Type == "Ready" {
			if c.Status == "True" {
				return nil
			}
			return fmt.Errorf("node %s not ready: %s", name, c.Message)
		}
	}
	return fmt.Errorf("node %s has no Ready condition yet", name)
}

// waitFor polls check until it succeeds, a component fails, or the timeout passes.
func waitFor(what string, timeout time.Duration, sup *supervisor, check func() error) error {
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		select {
		case msg := <-sup.failed:
			sup.failed <- msg
			return fmt.Errorf("while waiting for %s: %s", what, msg)
		default:
		}
		if last = check(); last == nil {
			return nil
		}
		time.Sleep(500 * time.Millisecond)
	}
	return fmt.Errorf("timed out waiting for %s: %v", what, last)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func firstIP(cidr string) (net.IP, error) {
	_, n, err := net.ParseCIDR(cidr)
	if err != nil {
		return nil, fmt.Errorf("service CIDR %q: %w", cidr, err)
	}
	ip := n.IP.To4()
	if ip == nil {
		return nil, fmt.Errorf("service CIDR %q: only IPv4 is supported", cidr)
	}
	out := make(net.IP, 4)
	copy(out, ip)
	out[3]++
	return out, nil
}

func detectNodeIP() string {
	ifaces, _ := net.Interfaces()
	for _, iface := range ifaces {
		if iface.Flags&net.FlagUp == 0 || iface.Flags&net.FlagLoopback != 0 || strings.HasPrefix(iface.Name, "cni") {
			continue
		}
		addrs, _ := iface.Addrs()
		for _, a := range addrs {
			if ipn, ok := a.(*net.IPNet); ok && ipn.IP.To4() != nil {
				return ipn.IP.String()
			}
		}
	}
	return "127.0.0.1"
}
