"""stagebuild: a daemonless, multi-stage container image builder.

Layers, after BuildKit's: ``dockerfile`` (parse, expand) → ``graph`` (stages, dependencies) →
``solver`` (cache keys, scheduling, progress) → ``worker`` (runc executor, overlayfs snapshots,
file operations) → ``image`` (content store, layers, manifests) → ``export`` (OCI layout, docker
archive); ``registry`` (Distribution API client) and ``inspect`` (sizes, ELF loader check) sit beside.
"""
