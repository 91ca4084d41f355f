//! The Jupyter protocol side: connection file, ZeroMQ sockets, HMAC, dispatch.
