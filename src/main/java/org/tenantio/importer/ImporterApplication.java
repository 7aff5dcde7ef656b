package org.tenantio.importer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ImporterApplication {
    /** With a CLI verb first (run, runs, rollback, violations, keys) the jar is the operator CLI; else the service. */
    public static void main(String[] args) {
        if (args.length > 0 && org.tenantio.importer.cli.ImporterCli.VERBS.contains(args[0])) {
            System.exit(org.tenantio.importer.cli.ImporterCli.execute(args, new java.io.PrintWriter(System.out),
                    new java.io.PrintWriter(System.err), System.getenv()));
        }
        SpringApplication.run(ImporterApplication.class, args);
    }
}
