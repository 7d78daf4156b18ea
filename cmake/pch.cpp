// The translation unit that builds souk's precompiled headers (see the
// top-level CMakeLists.txt); it has no code of its own.
