/**
 * The fabric wire: length-prefixed binary {@link dev.weft.fabric.wire.Frame}s, their byte layout
 * ({@link dev.weft.fabric.wire.FrameCodec}) and the Netty encoder and strict decoder.
 */
package dev.weft.fabric.wire;
