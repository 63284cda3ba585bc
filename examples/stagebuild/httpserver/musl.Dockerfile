# (b) and (c): a binary from a builder image copied into the small musl image (what the article
# did with docker cp and a second Dockerfile). BINARY names the image that holds /go/src/httpserver.
ARG BINARY
FROM ${BINARY} AS binary

FROM stagebuild-demo/musl:latest
COPY --from=binary /go/src/httpserver /root/httpserver
WORKDIR /root
ENTRYPOINT ["/root/httpserver"]
