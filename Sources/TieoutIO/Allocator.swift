internal import CMalloc

/// How the process asks the system for memory.
public enum Allocator {
  /// Keeps memory the run frees for the run to reuse, instead of giving every large array back
  /// to the system and faulting fresh zeroed pages in for the next one. A month is read, matched
  /// and written in one process that ends soon after, and its large arrays (a few to 60 MB at 1M
  /// rows) come and go many times: glibc serves each with its own `mmap` and unmaps it on free.
  /// `make bench` (1M × 1M lines): matching 1.25 s → 0.95 s, system time 0.7 s → 0.2 s.
  /// Call once, before the work starts; a no-op where the C library is not glibc.
  public static func keepFreedMemory() {
    _ = tieout_keep_freed_memory()
  }
}
