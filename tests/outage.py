"""A database that really goes away in a test, and comes back: a SQLite file whose folder is moved
aside, or PostgreSQL behind a small TCP proxy that drops every connection and refuses new ones."""

import os
import socket
import threading
from pathlib import Path

from sqlalchemy.engine import make_url

from factories import free_port
from participation.extensions import db


class TcpProxy:
    """Forward 127.0.0.1:<port> to a server; cut() drops every connection and refuses new ones until
    restore(), as a database restart or a network failure would."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.port = free_port()
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        self._listener = None
        self.restore()

    def restore(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.shutdown(
                socket.SHUT_RDWR
            )  # wakes the thread blocked in accept(); close() alone would not
            listener.close()
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for client, server in pairs:
            for end in (client, server):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                end.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # cut
            server = socket.create_connection(self.target)
            with self._lock:
                self._pairs.append((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass


class Outage:
    """The app's database URL, and cut() / restore() for it."""

    def __init__(self, database_url: str, folder: Path):
        url = make_url(database_url)
        if url.get_backend_name() == "sqlite":
            self._folder = folder / "db"
            self._folder.mkdir()
            self.url = f"sqlite:///{self._folder}/app.sqlite"
            self._proxy = None
        else:
            self._proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
            self.url = url.set(host="127.0.0.1", port=self._proxy.port).render_as_string(hide_password=False)

    def cut(self, app) -> None:
        """The database goes away: pooled connections break, new ones fail."""
        if self._proxy is not None:
            self._proxy.cut()
            return
        with app.app_context():
            db.engine.dispose()  # SQLite keeps open files working, so drop them as a restart would
        os.rename(self._folder, f"{self._folder}.away")

    def restore(self) -> None:
        """The database is back."""
        if self._proxy is not None:
            self._proxy.restore()
        else:
            os.rename(f"{self._folder}.away", self._folder)


class SilentServer:
    """A port that accepts connections and never answers: a hung database server."""

    def __init__(self):
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)  # the kernel completes the handshakes; nobody ever reads or replies
        self.port = self._socket.getsockname()[1]

    def close(self) -> None:
        self._socket.close()
