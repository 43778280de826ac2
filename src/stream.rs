//! Streaming: repair a reader into a writer with bounded memory.
//!
//! The decisions that concern the whole document are made from its head, exactly as the one-shot
//! repair makes them: the decoding plan from the first [`crate::decode::DETECTION_PREFIX`] bytes,
//! the HTML and fingerprint decisions from the first [`crate::fix::annotation::FINGERPRINT_PREFIX`]
//! bytes of text. Every fix works on whole lines, so the rest is repaired in chunks of whole lines
//! and the output equals [`crate::Repairer::repair`]'s. (A line longer than [`MAX_LINE`] bytes is
//! cut where it must be; only then can the two differ.)

use std::borrow::Cow;
use std::io::{Read, Write};

use encoding_rs::{CoderResult, Decoder};

use crate::charset::Charset;
use crate::decode::{self, Plan};
use crate::fix::{self, DocContext};
use crate::report::{Action, Chain, Marker, Step};
use crate::{Error, Repairer};

/// How much input is read before anything is decided.
pub(crate) const HEAD: usize = 512 * 1024;
/// The longest line kept whole; longer ones are cut.
pub const MAX_LINE: usize = 4 * 1024 * 1024;
/// How much is read at a time after the head.
const READ_SIZE: usize = 256 * 1024;

/// What a streaming repair did (the stream itself went to the writer).
#[derive(Clone, Debug, Default)]
pub struct StreamReport {
    source: Option<Charset>,
    changed: bool,
    lost: bool,
    chains: Vec<Chain>,
    markers: Vec<Marker>,
    bytes_in: u64,
    bytes_out: u64,
}

impl StreamReport {
    /// The charset the input was decoded from.
    pub fn source_encoding(&self) -> Option<Charset> {
        self.source
    }

    /// Whether the output differs from the input.
    pub fn changed(&self) -> bool {
        self.changed
    }

    /// Whether information was lost somewhere.
    pub fn lost(&self) -> bool {
        self.lost
    }

    /// The chains of mojibake undone, in the order first found.
    pub fn chains(&self) -> &[Chain] {
        &self.chains
    }

    /// The irreversible markers found, one entry per occurrence.
    pub fn markers(&self) -> &[Marker] {
        &self.markers
    }

    /// Bytes read.
    pub fn bytes_in(&self) -> u64 {
        self.bytes_in
    }

    /// Bytes written.
    pub fn bytes_out(&self) -> u64 {
        self.bytes_out
    }

    fn absorb(&mut self, steps: &[Step]) {
        for step in steps {
            self.lost |= step.lossy;
            match step.action {
                Action::Decode(charset) => {
                    self.changed |= charset != Charset::UTF_8;
                    continue;
                }
                Action::Mojibake(c) | Action::RecoveredBytes(c) if !self.chains.contains(&c) => {
                    self.chains.push(c)
                }
                Action::Marker(marker) => {
                    self.markers.push(marker);
                    // A run of 烫 is reported in place, not changed.
                    if marker == Marker::UninitializedMemory {
                        continue;
                    }
                }
                _ => {}
            }
            self.changed = true;
        }
    }
}

/// How chunks are turned into text.
enum ChunkDecoder {
    /// UTF-8 with islands: stateless on whole lines.
    Mixed { island: Charset },
    /// One charset, through encoding_rs's streaming decoder.
    Whole { decoder: Decoder, charset: Charset },
}

impl Repairer {
    /// Repairs everything `reader` yields into `writer`, holding at most a few megabytes however
    /// long the input is. The output is the same as [`Repairer::repair`]'s on the whole input.
    ///
    /// # Errors
    /// [`Error::Io`] when reading or writing fails; what was written before stays written.
    pub fn repair_stream<R: Read, W: Write>(
        &self,
        mut reader: R,
        mut writer: W,
    ) -> Result<StreamReport, Error> {
        let mut report = StreamReport::default();
        let mut head = Vec::with_capacity(HEAD);
        let eof = fill(&mut reader, &mut head, HEAD)?;
        report.bytes_in = head.len() as u64;
        if eof {
            let repaired = self.repair(&head);
            report.source = repaired.source_encoding();
            report.absorb(repaired.steps());
            report.changed = repaired.changed();
            writer.write_all(repaired.as_str().as_bytes())?;
            report.bytes_out = repaired.as_str().len() as u64;
            return Ok(report);
        }
        let plan = decode::plan(&head, None);
        let (mut chunker, skip, source) = match plan {
            Plan::Bom(charset, bom_len) if charset.is_utf8() => (
                ChunkDecoder::Mixed {
                    island: Charset::WINDOWS_1252,
                },
                bom_len,
                charset,
            ),
            Plan::Bom(charset, bom_len) => (
                ChunkDecoder::Whole {
                    decoder: charset.encoding().new_decoder_without_bom_handling(),
                    charset,
                },
                bom_len,
                charset,
            ),
            Plan::Mixed { island } => (ChunkDecoder::Mixed { island }, 0, Charset::UTF_8),
            Plan::Whole { charset, .. } => (
                ChunkDecoder::Whole {
                    decoder: charset.encoding().new_decoder_without_bom_handling(),
                    charset,
                },
                0,
                charset,
            ),
        };
        report.source = Some(source);
        report.changed |= skip > 0;
        let ctx = {
            let mut head_text = String::new();
            match &chunker {
                ChunkDecoder::Mixed { island } => {
                    decode::decode_mixed(&head[skip..], 0, *island, &mut head_text, &mut Vec::new())
                }
                ChunkDecoder::Whole { charset, .. } => {
                    decode::decode_lossy(*charset, &head[skip..], &mut head_text);
                }
            }
            DocContext::new(&head_text, &self.config)
        };
        let mut pending: Vec<u8> = head.split_off(skip.min(head.len()));
        drop(head);
        let mut pending_text = String::new();
        let mut buf = vec![0u8; READ_SIZE];
        let mut at_eof = false;
        loop {
            match &mut chunker {
                ChunkDecoder::Mixed { island } => {
                    let cut = if at_eof {
                        Some(pending.len())
                    } else {
                        pending
                            .iter()
                            .rposition(|&b| b == b'\n')
                            .map(|i| i + 1)
                            .or_else(|| {
                                (pending.len() > MAX_LINE).then(|| {
                                    pending
                                        .iter()
                                        .rposition(|&b| b < 0x40)
                                        .map_or(pending.len(), |i| i + 1)
                                })
                            })
                    };
                    if let Some(cut) = cut {
                        let rest = pending.split_off(cut);
                        let mut text = String::with_capacity(pending.len());
                        let mut steps = Vec::new();
                        decode::decode_mixed(&pending, 0, *island, &mut text, &mut steps);
                        self.emit(text, &ctx, &mut steps, &mut writer, &mut report)?;
                        pending = rest;
                    }
                }
                ChunkDecoder::Whole { decoder, charset } => {
                    let mut input: &[u8] = &pending;
                    loop {
                        let needed = decoder
                            .max_utf8_buffer_length(input.len())
                            .unwrap_or(input.len() * 3 + 16);
                        pending_text.reserve(needed);
                        let (result, read, had_errors) =
                            decoder.decode_to_string(input, &mut pending_text, at_eof);
                        report.lost |= had_errors;
                        input = &input[read..];
                        if result == CoderResult::InputEmpty {
                            break;
                        }
                    }
                    pending.clear();
                    report.changed |= *charset != Charset::UTF_8;
                    let cut = if at_eof {
                        Some(pending_text.len())
                    } else {
                        pending_text.rfind('\n').map(|i| i + 1).or_else(|| {
                            (pending_text.len() > MAX_LINE).then(|| {
                                let mut end = pending_text.len();
                                while !pending_text.is_char_boundary(end) {
                                    end -= 1;
                                }
                                end
                            })
                        })
                    };
                    if let Some(cut) = cut {
                        let rest = pending_text.split_off(cut);
                        let text = std::mem::replace(&mut pending_text, rest);
                        self.emit(text, &ctx, &mut Vec::new(), &mut writer, &mut report)?;
                    }
                }
            }
            if at_eof {
                break;
            }
            let n = read_some(&mut reader, &mut buf)?;
            if n == 0 {
                at_eof = true;
            } else {
                report.bytes_in += n as u64;
                pending.extend_from_slice(&buf[..n]);
            }
        }
        writer.flush()?;
        Ok(report)
    }

    fn emit<W: Write>(
        &self,
        text: String,
        ctx: &DocContext,
        steps: &mut Vec<Step>,
        writer: &mut W,
        report: &mut StreamReport,
    ) -> Result<(), Error> {
        let out = fix::repair_text(Cow::Owned(text), &self.config, ctx, steps);
        report.absorb(steps);
        writer.write_all(out.as_bytes())?;
        report.bytes_out += out.len() as u64;
        Ok(())
    }
}

/// Reads until `buf` holds `limit` bytes or the reader ends; returns whether it ended.
fn fill<R: Read>(reader: &mut R, buf: &mut Vec<u8>, limit: usize) -> Result<bool, Error> {
    let mut chunk = vec![0u8; READ_SIZE.min(limit).max(1)];
    while buf.len() < limit {
        let want = (limit - buf.len()).min(chunk.len());
        let n = read_some(reader, &mut chunk[..want])?;
        if n == 0 {
            return Ok(true);
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(false)
}

fn read_some<R: Read>(reader: &mut R, buf: &mut [u8]) -> Result<usize, Error> {
    loop {
        match reader.read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::Io(e)),
        }
    }
}
