# Alertmanager from Debian's prometheus-alertmanager binaries (the same 0.25.0 as prom/alertmanager:v0.25.0), for machines
# that cannot pull from Docker Hub. Laid out like the official image: /bin/alertmanager, /bin/amtool, user nobody,
# /alertmanager; plus the templates Debian's build reads from /usr/share. Built by infra/docker/alertmanager-image.mjs,
# whose build context holds the two binaries and that folder.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
COPY alertmanager amtool /bin/
COPY share /usr/share/prometheus/alertmanager
RUN mkdir -p /alertmanager /etc/alertmanager && chown nobody:nogroup /alertmanager
USER nobody
WORKDIR /alertmanager
EXPOSE 9093
ENTRYPOINT ["/bin/alertmanager"]
CMD ["--config.file=/etc/alertmanager/alertmanager.yml", "--storage.path=/alertmanager"]
