//! The `kurzgefasst` binary: see [`kurzgefasst::cli`].

/// mimalloc instead of glibc's malloc: the pipeline allocates and frees a few hundred blocks per
/// article on several threads, and glibc's arenas spent about a seventh of the pipeline's time in
/// malloc, free and consolidation (`bench ingest`: 9% less CPU). Without transparent huge pages,
/// which cost 30 MB of resident memory for no measurable gain.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    kurzgefasst::cli::main()
}
