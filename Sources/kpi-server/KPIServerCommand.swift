import ArgumentParser

/// `kpi-server`: the CRM KPI service.
struct KPIServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi-server",
        abstract: "CRM KPI service: customer-relationship KPIs over HTTP, each with its formula breakdown.",
        discussion: "Every option can also be set by the environment variable named in its help; a flag wins over the environment.",
        subcommands: [Serve.self, HealthCheck.self, PrintOpenAPI.self],
        defaultSubcommand: Serve.self
    )
}

/// A failure that has already been reported and only needs its exit status.
struct CommandFailure: Error {
    var status: Int32
}
