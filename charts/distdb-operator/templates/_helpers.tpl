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
