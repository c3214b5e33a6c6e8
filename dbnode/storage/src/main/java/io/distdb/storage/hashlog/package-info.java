/**
 * The Bitcask-style hash log engine ({@link io.distdb.storage.hashlog.HashLogStore}).
 *
 * <p>Files in the store directory:
 *
 * <ul>
 *   <li>{@code GGGGGGGGGGGG-SSSSSSS.data}: a segment, a sequence of checksummed records (see {@code RecordCodec}).
 *       {@code G} is the generation, {@code S} is 0 for segments the writer appended to and 1, 2, ... for the
 *       outputs of a merge. The highest segment is the active one; all others are immutable.
 *   <li>{@code GGGGGGGGGGGG-SSSSSSS.hint}: the index of a merge output, so start-up does not read its values
 *       (see {@code HintFile}).
 *   <li>{@code *.tmp}: a merge output or hint being written; deleted at start-up.
 *   <li>{@code LOCK}: held while a store has the directory open.
 * </ul>
 *
 * <p>Start-up replays the segments in name order, later records winning; only the last segment may end in a
 * torn record, which is cut off.
 */
package io.distdb.storage.hashlog;
