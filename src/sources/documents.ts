import { Inputs } from '../common/constants.js'
import { InputError } from '../common/errors.js'
import { parseDigest, type ParsedDigest } from '../image/digest.js'
import {
  formatPlatform,
  isIndexMediaType,
  type Descriptor,
  type Platform
} from '../image/media-types.js'

/**
 * The JSON documents of image sources (index.json, manifests, indexes, configs, `docker
 * save`'s manifest.json), checked for the shape the rest of the code relies on. Whatever
 * is wrong becomes an `InputError` naming the file, the field and the problem, never a
 * bare TypeError from deep inside.
 */

/** Where a document was read, for messages: the source and the file within it. */
export interface DocumentOrigin {
  /** `OCI layout ./out`, `docker archive app.tar`. */
  label: string
  file: string
  /** What the user can do about a malformed source. */
  fix: string
}

export type ImageDocument =
  | { kind: 'index'; mediaType: string; manifests: Descriptor[] }
  | { kind: 'manifest'; mediaType: string; config: Descriptor; layers: Descriptor[] }

/** `manifest.json` of `docker save`: one item per saved image. */
export interface SavedImage {
  Config: string
  RepoTags: string[]
  Layers: string[]
}

export function sourceError(origin: DocumentOrigin, problem: string, cause?: unknown): InputError {
  return new InputError(Inputs.Image, `${origin.label}: ${origin.file} ${problem}`, {
    fix: origin.fix,
    cause
  })
}

/** A descriptor's digest, parsed; the descriptor was checked, so it parses. */
export function digestOfDescriptor(descriptor: Descriptor): ParsedDigest {
  return parseDigest(descriptor.digest) as ParsedDigest
}

/** index.json of a layout: its `manifests`. */
export function readLayoutIndex(bytes: Buffer, origin: DocumentOrigin): Descriptor[] {
  const document = object(parseJson(bytes, origin), '', origin)
  return descriptors(document.manifests, 'manifests', origin)
}

/** A manifest or index; which one its `mediaType` says (or, absent, its descriptor's). */
export function readImageDocument(
  bytes: Buffer,
  descriptorMediaType: string,
  origin: DocumentOrigin
): ImageDocument {
  const document = object(parseJson(bytes, origin), '', origin)
  const mediaType = document.mediaType ?? descriptorMediaType
  if (typeof mediaType !== 'string') fail(origin, 'mediaType', 'is not a string')
  if (isIndexMediaType(mediaType)) {
    return {
      kind: 'index',
      mediaType,
      manifests: descriptors(document.manifests, 'manifests', origin)
    }
  }
  return {
    kind: 'manifest',
    mediaType,
    config: descriptor(document.config, 'config', origin),
    layers: descriptors(document.layers, 'layers', origin)
  }
}

/** `linux/amd64`, … from an image config; undefined when it names no platform. */
export function readConfigPlatform(bytes: Buffer, origin: DocumentOrigin): string | undefined {
  const config = object(parseJson(bytes, origin), '', origin)
  return typeof config.os === 'string' && typeof config.architecture === 'string'
    ? formatPlatform(config as unknown as Platform)
    : undefined
}

/** `manifest.json` of `docker save`. */
export function readSavedImages(bytes: Buffer, origin: DocumentOrigin): SavedImage[] {
  const saved = parseJson(bytes, origin)
  if (!Array.isArray(saved)) fail(origin, '', 'is not a JSON array of saved images')
  return saved.map((item: unknown, i) => {
    const image = object(item, `[${i}]`, origin)
    const tags = image.RepoTags ?? []
    return {
      Config: string(image.Config, `[${i}].Config`, origin),
      RepoTags: strings(tags, `[${i}].RepoTags`, origin),
      Layers: strings(image.Layers, `[${i}].Layers`, origin)
    }
  })
}

function parseJson(bytes: Buffer, origin: DocumentOrigin): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown
  } catch (error) {
    throw sourceError(origin, `is not valid JSON (${(error as Error).message})`, error)
  }
}

function fail(origin: DocumentOrigin, field: string, problem: string): never {
  throw sourceError(origin, field === '' ? problem : `field ${field} ${problem}`)
}

function object(value: unknown, field: string, origin: DocumentOrigin): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(origin, field, 'is not a JSON object')
  }
  return value as Record<string, unknown>
}

function string(value: unknown, field: string, origin: DocumentOrigin): string {
  if (typeof value !== 'string') fail(origin, field, 'is not a string')
  return value
}

function strings(value: unknown, field: string, origin: DocumentOrigin): string[] {
  if (!Array.isArray(value)) fail(origin, field, 'is not an array')
  return value.map((item: unknown, i) => string(item, `${field}[${i}]`, origin))
}

function descriptors(value: unknown, field: string, origin: DocumentOrigin): Descriptor[] {
  if (!Array.isArray(value)) fail(origin, field, 'is not an array of descriptors')
  return value.map((item: unknown, i) => descriptor(item, `${field}[${i}]`, origin))
}

function descriptor(value: unknown, field: string, origin: DocumentOrigin): Descriptor {
  const item = object(value, field, origin)
  string(item.mediaType, `${field}.mediaType`, origin)
  const digest = parseDigest(item.digest)
  if ('problem' in digest) fail(origin, `${field}.digest`, digest.problem)
  const size = item.size
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    const shown = size === undefined ? 'missing' : JSON.stringify(size)
    fail(origin, `${field}.size`, `is ${shown}, not a whole number of bytes`)
  }
  if (item.annotations !== undefined) {
    const annotations = object(item.annotations, `${field}.annotations`, origin)
    for (const [key, text] of Object.entries(annotations)) {
      string(text, `${field}.annotations.${key}`, origin)
    }
  }
  if (item.platform !== undefined) {
    const platform = object(item.platform, `${field}.platform`, origin)
    string(platform.os, `${field}.platform.os`, origin)
    string(platform.architecture, `${field}.platform.architecture`, origin)
  }
  return item as unknown as Descriptor
}
