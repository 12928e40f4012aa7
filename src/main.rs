//! Mounts the reader. Everything else lives in the library.

fn main() {
    // Panic messages in the console for development builds. Release builds
    // leave the hook out (1.2 KB of wasm): nothing in the app panics on
    // reader input, and a panic could not be shown to the reader anyway.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // `main` runs in the task that instantiated the wasm module; mounting in
    // a task of its own keeps the two from adding up to one long task.
    leptos::prelude::set_timeout(quire_app::mount, std::time::Duration::ZERO);
}
