import { editDistance } from '../ocir/edit-distance.js'

/** The candidate nearest to `word`, if it is near enough to be a typo or an abbreviation. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate)
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  if (bestDistance <= Math.max(2, Math.floor(word.length / 3))) return best
  return candidates.find(candidate => candidate.startsWith(word) || word.startsWith(candidate))
}
