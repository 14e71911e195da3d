// Package config is a shared configuration loader with validation, intended
// to replace the per-component configuration of the backup tool and the
// GitOps generator.
package config

import (
	"fmt"
	"os"
	"strings"

	"gopkg.in/yaml.v3"
)

// Platform is the shared configuration schema.
type Platform struct {
	Cluster struct {
		Name       string   `yaml:"name"`
		Namespaces []string `yaml:"namespaces"`
	} `yaml:"cluster"`
	Storage struct {
		Endpoint string `yaml:"endpoint"`
		Bucket   string `yaml:"bucket"`
		Prefix   string `yaml:"prefix"`
		Secure   bool   `yaml:"secure"`
	} `yaml:"storage"`
	GitOps struct {
		Repository string `yaml:"repository"`
		Branch     string `yaml:"branch"`
	} `yaml:"gitops"`
}

// Load reads a YAML file, expands ${VAR} references and validates the result.
func Load(path string) (*Platform, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var p Platform
	if err := yaml.Unmarshal([]byte(os.ExpandEnv(string(raw))), &p); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &p, nil
}

// Validate returns every problem found, joined.
func (p *Platform) Validate() error {
	var problems []string
	if p.Cluster.Name == "" {
		problems = append(problems, "cluster.name is required")
	}
	if len(p.Cluster.Namespaces) == 0 {
		problems = append(problems, "cluster.namespaces must list at least one namespace")
	}
	if p.Storage.Endpoint == "" || p.Storage.Bucket == "" {
		problems = append(problems, "storage.endpoint and storage.bucket are required")
	}
	if p.GitOps.Repository != "" && p.GitOps.Branch == "" {
		problems = append(problems, "gitops.branch is required when gitops.repository is set")
	}
	if len(problems) > 0 {
		return fmt.Errorf("invalid configuration: %s", strings.Join(problems, "; "))
	}
	return nil
}
