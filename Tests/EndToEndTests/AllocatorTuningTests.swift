import CMalloc
import Testing

@Suite("Allocator tuning")
struct AllocatorTuningTests {
    /// The constructor in `CMalloc` ran before `main` and glibc took the setting: it is linked into
    /// `newsd` as into this test process. (Off glibc there is nothing to set.)
    @Test func mallocHeapsGetTheirHeadroomBeforeMain() {
        #if os(Linux)
        #expect(newsd_malloc_top_pad() == 64 << 20)
        #else
        #expect(newsd_malloc_top_pad() == 0)
        #endif
    }
}
