namespace MemoryTests;
