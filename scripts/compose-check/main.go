// Validates docker-compose.yml with compose-go, the loader `docker compose` itself uses: the
// compose specification's schema, interpolation (required variables), anchors and merges. Docker
// cannot run where this project is built, so this is how the file is checked:
//
//	npm run check:compose
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: compose-check <compose file> <project directory>")
		os.Exit(2)
	}
	options, err := cli.NewProjectOptions([]string{os.Args[1]}, cli.WithOsEnv, cli.WithWorkingDirectory(os.Args[2]), cli.WithInterpolation(true))
	if err != nil {
		fmt.Fprintln(os.Stderr, "cannot read the file:", err)
		os.Exit(1)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "docker-compose.yml is not valid:", err)
		os.Exit(1)
	}
	for _, name := range project.ServiceNames() {
		service := project.Services[name]
		replicas := 1
		if service.Deploy != nil && service.Deploy.Replicas != nil {
			replicas = *service.Deploy.Replicas
		}
		image := service.Image
		if service.Build != nil {
			image = "(built from " + service.Build.Context + ")"
		}
		fmt.Printf("  %-16s %-56s x%d\n", name, image, replicas)
	}
	fmt.Println("docker-compose.yml is valid")
}
