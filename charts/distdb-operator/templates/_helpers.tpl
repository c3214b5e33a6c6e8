{{- define "distdb-operator.name" -}}distdb-operator{{- end -}}
{{- define "distdb-operator.labels" -}}
app.kubernetes.io/name: distdb-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}
{{- define "distdb-operator.selectorLabels" -}}
app.kubernetes.io/name: distdb-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
{{/*
The namespaces whose DistDBClusters the operator manages: the watchNamespaces value, else the release's own
namespace. Empty when clusterWide (every namespace).
*/}}
{{- define "distdb-operator.watchedNamespaces" -}}
{{- if .Values.clusterWide -}}
{{- else if .Values.watchNamespaces -}}
{{ join "," .Values.watchNamespaces }}
{{- else -}}
{{ .Release.Namespace }}
{{- end -}}
{{- end -}}
{{/*
Exactly the verbs the operator uses, resource by resource (the end-to-end test compares them with the API
server's audit log of a whole create, scale, rotate and delete): nothing listed here goes unused.
*/}}
{{- define "distdb-operator.rules" -}}
# The DistDBCluster informer lists and watches (a pass works on the informer's copy); the status is written
# with update (optimistic locking).
- apiGroups: ["distdb.io"]
  resources: ["distdbclusters"]
  verbs: ["list", "watch"]
- apiGroups: ["distdb.io"]
  resources: ["distdbclusters/status"]
  verbs: ["update"]
# Owned resources are read by name, created once and changed with JSON merge patches.
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  verbs: ["get", "create", "patch"]
- apiGroups: [""]
  resources: ["services", "configmaps"]
  verbs: ["get", "create", "patch"]
# Only the Secrets the operator creates and owns (CA, node certificates, its client certificate, tokens),
# read by name: no list or watch, so it never sees another Secret's contents.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "create", "patch"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list"]
# Volume claims are listed to see a cluster's state; a claim is deleted only after its node was drained.
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["list", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "create", "patch"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "create", "patch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end -}}
