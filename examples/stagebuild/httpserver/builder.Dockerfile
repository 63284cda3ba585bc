# The Go builder image: Debian bookworm (made by debootstrap) with Debian's Go toolchain and a C
# compiler, so that by default Go links net/http against glibc, as the article's builder did.
ARG DEBIAN=stagebuild-demo/debian:bookworm
FROM ${DEBIAN}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends golang-go gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
ENV GOPATH=/go
WORKDIR /go/src
