// tsan.hpp: makes oneTBB's hand-offs visible to ThreadSanitizer (no-op in every other build).
#pragma once

#include <algorithm>
#include <tuple>
#include <type_traits>
#include <utility>

#include <tbb/parallel_sort.h>

#if defined(__SANITIZE_THREAD__)
#define EXOMIR_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define EXOMIR_TSAN 1
#endif
#endif
#ifdef EXOMIR_TSAN
#include <sanitizer/tsan_interface.h>
extern "C" void __tsan_ignore_thread_begin();  // in libtsan, not declared by GCC 12's header
extern "C" void __tsan_ignore_thread_end();
#endif

namespace exomir {

/// Debian's libtbb is not built with -fsanitize=thread, so TSan cannot see the synchronization inside it
/// and reports every hand-off between pipeline filters (or between a parallel_for and its caller) as a
/// data race. Stage code therefore wraps each TBB body in tsan_visible() and declares a TsanParallelRegion
/// just before the parallel call. Each body acquires one shared sync object on entry
/// and releases it on exit: bodies that run at the same time stay unordered, so real races between
/// concurrent bodies are still reported (a race between bodies that happen not to overlap can be missed).
/// In builds without TSan all of this compiles to nothing.
namespace detail {
inline char tsan_tbb_sync;
/// How a wrapped body holds an argument: lvalues (flow_control&) by reference, items by value.
template <typename A>
using tsan_held_t = std::conditional_t<std::is_lvalue_reference_v<A>, A, std::remove_cvref_t<A>>;
}  // namespace detail

/// Declared just before a parallel call (after the state the bodies touch): orders the caller's writes
/// before the bodies. end() right after the call, and the destructor when a body threw, order the
/// bodies' writes before what the caller does next.
class TsanParallelRegion {
  public:
    TsanParallelRegion() noexcept {
#ifdef EXOMIR_TSAN
        __tsan_release(&detail::tsan_tbb_sync);
#endif
    }
    ~TsanParallelRegion() { end(); }
    void end() const noexcept {
#ifdef EXOMIR_TSAN
        __tsan_acquire(&detail::tsan_tbb_sync);
#endif
    }
    TsanParallelRegion(const TsanParallelRegion&) = delete;
    TsanParallelRegion& operator=(const TsanParallelRegion&) = delete;
};

/// Wraps a TBB body (filter, parallel_for/reduce body); returns `body` itself without TSan.
template <typename F>
auto tsan_visible(F body) {
#ifdef EXOMIR_TSAN
    return [body = std::move(body)](auto&&... args) -> decltype(auto) {
        __tsan_acquire(&detail::tsan_tbb_sync);
        // The item is moved out of TBB's buffer, which TBB filled after the producer's release.
        __tsan_ignore_thread_begin();
        std::tuple<detail::tsan_held_t<decltype(args)>...> held{std::forward<decltype(args)>(args)...};
        __tsan_ignore_thread_end();
        struct Release {
            ~Release() { __tsan_release(&detail::tsan_tbb_sync); }
        } release;
        return std::apply(body, std::move(held));
    };
#else
    return body;
#endif
}

/// Sorts [first, last) on every thread (tbb::parallel_sort); std::sort under TSan, where parallel_sort's tasks move
/// elements in an order that only the uninstrumented libtbb knows, so TSan would report each move as a race. The
/// result is the same at any thread count only if `less` is a total order (no two elements equivalent).
template <class It, class Less>
void sort_parallel(It first, It last, Less less) {
#ifdef EXOMIR_TSAN
    std::sort(first, last, less);
#else
    tbb::parallel_sort(first, last, less);
#endif
}

}  // namespace exomir
