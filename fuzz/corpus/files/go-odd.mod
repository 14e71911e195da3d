module x

go 1.22

require (
	github.com/a/b v1.0.0
	github.com/c/d v2.0.0 // indirect
replace github.com/a/b => ../b
