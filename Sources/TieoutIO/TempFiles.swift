import Dispatch
import Foundation
import Synchronization

/// Temporary files an output is written to before it is renamed into place, removed when the
/// run is interrupted.
///
/// Outputs are written beside their final path and renamed, so an interrupted run never leaves
/// a half-written workbook; without this, Ctrl-C during the 1M month's workbook stage (70 s)
/// left its temporary file, 200 MB or more, beside the output.
public enum TempFiles {
  private static let paths = Mutex<Set<String>>([])
  private static let sources = Mutex<[any DispatchSourceSignal]>([])
  /// The signal that interrupted the run; 0 for none.
  private static let interruptedBy = Atomic<Int32>(0)

  /// Notes that `path` is being written and is to be removed if the run is interrupted.
  public static func register(_ path: String) {
    _ = paths.withLock { $0.insert(path) }
  }

  /// `path` is renamed into place or removed: it is no longer the run's to remove.
  public static func unregister(_ path: String) {
    _ = paths.withLock { $0.remove(path) }
  }

  /// From now on, SIGINT, SIGTERM and SIGHUP remove the registered files, then end the process
  /// as the signal would have (the shell sees 130 for Ctrl-C). Call once, before writing.
  public static func removeOnInterrupt() {
    sources.withLock { sources in
      guard sources.isEmpty else { return }
      for sig in [SIGINT, SIGTERM, SIGHUP] {
        // Handled on a queue, where removing files and taking a lock are safe, not in the
        // signal handler itself.
        signal(sig, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
        source.setEventHandler {
          // Noted first: a write that fails because its file was just removed ends the run
          // through `endIfInterrupted`, not as an error of its own.
          interruptedBy.store(sig, ordering: .sequentiallyConsistent)
          end(by: sig)
        }
        source.resume()
        sources.append(source)
      }
    }
  }

  /// When the run was interrupted, ends it as `removeOnInterrupt` does; otherwise returns. For
  /// the error path: an output whose temporary file the interrupt removed fails to be written.
  public static func endIfInterrupted() {
    let sig = interruptedBy.load(ordering: .sequentiallyConsistent)
    if sig != 0 { end(by: sig) }
  }

  /// Removes the registered files and ends the process with signal `sig`'s default action.
  private static func end(by sig: Int32) -> Never {
    for path in paths.withLock({ $0 }) { unlink(path) }
    signal(sig, SIG_DFL)
    // Raised on this thread, unblocked here: sent to the process, it waited while every thread
    // blocked it (the queues' threads do), and the run ended by `_exit` below instead of by the
    // signal, about one time in four (`anInterruptedRunLeavesNoFiles`).
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, sig)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
    raise(sig)
    // Should the signal still not end it, end with the status a shell gives it.
    sleep(1)
    _exit(128 + sig)
  }
}
