// Package k8s lists Kubernetes objects and serialises them to YAML.
package k8s

import (
	"context"
	"fmt"
	"log"

	"gopkg.in/yaml.v3"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// Object is one serialised resource.
type Object struct {
	Name string
	YAML []byte
}

// Collector lists resources through the dynamic client.
type Collector struct {
	client dynamic.Interface
}

var kinds = map[string]schema.GroupVersionResource{
	"deployments":  {Group: "apps", Version: "v1", Resource: "deployments"},
	"statefulsets": {Group: "apps", Version: "v1", Resource: "statefulsets"},
	"daemonsets":   {Group: "apps", Version: "v1", Resource: "daemonsets"},
	"services":     {Group: "", Version: "v1", Resource: "services"},
	"configmaps":   {Group: "", Version: "v1", Resource: "configmaps"},
	"ingresses":    {Group: "networking.k8s.io", Version: "v1", Resource: "ingresses"},
}

// NewCollector builds a client from a kubeconfig path, or from the in-cluster
// service account when the path is empty.
func NewCollector(kubeconfig string) (*Collector, error) {
	var cfg *rest.Config
	var err error
	if kubeconfig == "" {
		cfg, err = rest.InClusterConfig()
	} else {
		cfg, err = clientcmd.BuildConfigFromFlags("", kubeconfig)
	}
	if err != nil {
		return nil, fmt.Errorf("load kube config: %w", err)
	}
	client, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	return &Collector{client: client}, nil
}

// List returns every object of one kind in one namespace, with status and
// server-managed metadata removed.
func (c *Collector) List(ctx context.Context, namespace, kind string) ([]Object, error) {
	gvr, ok := kinds[kind]
	if !ok {
		log.Fatalf("unsupported resource kind %q", kind)
	}
	list, err := c.client.Resource(gvr).Namespace(namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	out := make([]Object, 0, len(list.Items))
	for _, item := range list.Items {
		obj := item.Object
		delete(obj, "status")
		if md, ok := obj["metadata"].(map[string]interface{}); ok {
			for _, f := range []string{"uid", "resourceVersion", "generation", "creationTimestamp", "managedFields"} {
				delete(md, f)
			}
		}
		data, err := yaml.Marshal(obj)
		if err != nil {
			return nil, fmt.Errorf("marshal %s: %w", item.GetName(), err)
		}
		out = append(out, Object{Name: item.GetName(), YAML: data})
	}
	return out, nil
}
