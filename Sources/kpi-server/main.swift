import ArgumentParser
import Glibc

// Parse, then run. A bad flag, a bad environment value or an unreadable keys file stops start-up with a
// one-line message and exit status 2; `--help` prints the help and exits 0.
do {
    var command = try KPIServerCommand.parseAsRoot()
    try command.run()
} catch {
    let code = KPIServerCommand.exitCode(for: error)
    if code == .success {
        print(KPIServerCommand.fullMessage(for: error))
        exit(0)
    }
    if let failure = error as? CommandFailure {
        exit(failure.status)
    }
    let message = KPIServerCommand.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
    printError("kpi-server: \(message)")
    exit(2)
}
