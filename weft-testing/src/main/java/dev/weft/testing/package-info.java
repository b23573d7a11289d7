/**
 * Test fixtures: certificates minted in code ({@link dev.weft.testing.CertBuilder}), a clock that
 * tests move by hand ({@link dev.weft.testing.MutableClock}) and short temporary directories for
 * unix sockets ({@link dev.weft.testing.TempSockets}). Nothing here is checked in as a file.
 */
package dev.weft.testing;
