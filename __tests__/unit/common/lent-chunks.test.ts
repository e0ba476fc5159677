import { Writable } from 'node:stream'
import { ClosedBeforeWrittenError, writeLentChunks } from '../../../src/common/lent-chunks.js'

/** Chunk `i` is 4 bytes of `i`, all read into one buffer; `closed` once it is told to stop. */
function oneBuffer(count: number): { chunks: AsyncGenerator<Buffer>; closed(): boolean } {
  let closed = false
  const chunks = (async function* () {
    const buffer = Buffer.alloc(4)
    try {
      for (let i = 0; i < count; i++) yield buffer.fill(i)
    } finally {
      closed = true
    }
  })()
  return { chunks, closed: () => closed }
}

/** Calls each write back a turn late, and notes what the chunk held when written and then. */
function lateSink(): Writable & { atWrite: string[]; atCallback: string[] } {
  const atWrite: string[] = []
  const atCallback: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      atWrite.push(chunk.toString('hex'))
      setImmediate(() => {
        atCallback.push(chunk.toString('hex'))
        callback()
      })
    }
  })
  return Object.assign(sink, { atWrite, atCallback })
}

describe('writeLentChunks', () => {
  it('asks for a chunk only once the one before it is through, then ends', async () => {
    const sink = lateSink()
    const finished = new Promise(resolve => sink.once('finish', resolve))
    await writeLentChunks(oneBuffer(5).chunks, sink)
    await finished
    const expected = [0, 1, 2, 3, 4].map(i => Buffer.alloc(4, i).toString('hex'))
    expect(sink.atWrite).toEqual(expected)
    // Unchanged until the sink was done with it: the source reused no memory too early.
    expect(sink.atCallback).toEqual(expected)
  })

  it('rejects and closes the source when the destination closes first', async () => {
    const source = oneBuffer(1000)
    // Never through, as a request destroyed before it had a socket: only its close tells.
    const sink = new Writable({ write: () => undefined })
    const writing = writeLentChunks(source.chunks, sink)
    sink.destroy()
    await expect(writing).rejects.toBeInstanceOf(ClosedBeforeWrittenError)
    expect(source.closed()).toBe(true)
  })

  it("rejects with a write's own error and closes the source", async () => {
    const source = oneBuffer(1000)
    const sink = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('EPIPE'))
      }
    })
    sink.on('error', () => undefined)
    await expect(writeLentChunks(source.chunks, sink)).rejects.toThrow('EPIPE')
    expect(source.closed()).toBe(true)
  })
})
